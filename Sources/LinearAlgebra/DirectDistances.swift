import CKernels
import Dispatch

/// Euclidean distances by the direct formula √Σₜ(xₜ − yₜ)², each sum taken in feature order in Double —
/// bit for bit what scikit-learn's default `minkowski` metric computes — vectorised across points,
/// not across features, so the order of every sum is kept (on AVX-512, AVX2 or SSE2: the same bits).
public struct DirectDistances: Sendable {
    public let count: Int
    public let dimensions: Int
    /// Points in blocks of `lanes`, feature-major inside a block: packed[(block·d + t)·lanes + lane].
    private let packed: [Double]
    private let rows: [Double]
    /// Points computed together; ranges aligned to it split cleanly across threads.
    public static let lanes = 8

    public init(_ points: Matrix) {
        count = points.rows
        dimensions = points.columns
        rows = points.storage.map(Double.init)
        let lanes = Self.lanes
        let blocks = (count + lanes - 1) / lanes
        var packed = [Double](repeating: 0, count: blocks * dimensions * lanes)
        for p in 0..<count {
            let (block, lane) = (p / lanes, p % lanes)
            for t in 0..<dimensions { packed[(block * dimensions + t) * lanes + lane] = rows[p * dimensions + t] }
        }
        self.packed = packed
    }

    /// Distances from point `i` to points `range` (whole blocks are computed; extra lanes ignored),
    /// written to `out[j - range.lowerBound]`.
    /// - Parameter isa: the kernel version (tests compare them); nil: the widest this CPU has. Every
    ///   version gives the same bits.
    public func distances(from i: Int, to range: Range<Int>, into out: UnsafeMutablePointer<Double>, isa: VectorISA? = nil) {
        rows.withUnsafeBufferPointer { rowBuffer in
            packed.withUnsafeBufferPointer { packedBuffer in
                let (x, points) = (rowBuffer.baseAddress! + i * dimensions, packedBuffer.baseAddress!)
                if let isa {
                    litmus_distances_from_isa(isa.kernel, x, points, dimensions, range.lowerBound, range.upperBound, out)
                } else {
                    litmus_distances_from(x, points, dimensions, range.lowerBound, range.upperBound, out)
                }
            }
        }
    }

    /// The full n × n matrix, rows computed in parallel. The distance is symmetric bit for bit
    /// ((x − y)² = (y − x)²), so only the upper triangle is computed and then mirrored.
    /// - Complexity: O(n²·d / 2) time, n² Doubles.
    public func matrix() -> [Double] {
        let n = count
        var result = [Double](repeating: 0, count: n * n)
        result.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            let chunks = min(max(n, 1), 256)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for i in stride(from: chunk, to: n, by: chunks) {
                    distances(from: i, to: i..<n, into: out.pointer + i * n + i)
                }
            }
            // Mirror in tiles, so reads and writes both stay in cache.
            let tile = 64
            DispatchQueue.concurrentPerform(iterations: (n + tile - 1) / tile) { tileRow in
                let rows = (tileRow * tile)..<min(n, (tileRow + 1) * tile)
                for columnStart in stride(from: 0, to: rows.upperBound, by: tile) {
                    for i in rows {
                        for j in columnStart..<min(i, columnStart + tile) { out.pointer[i * n + j] = out.pointer[j * n + i] }
                    }
                }
            }
        }
        return result
    }
}
