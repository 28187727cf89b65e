import Dispatch

/// Euclidean distances by the direct formula √Σₜ(xₜ − yₜ)², each sum taken in feature order in Double —
/// bit for bit what scikit-learn's default `minkowski` metric computes — vectorised across points,
/// not across features, so the order of every sum is kept.
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
    public func distances(from i: Int, to range: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        let d = dimensions
        let lanes = Self.lanes
        rows.withUnsafeBufferPointer { rowBuffer in
            packed.withUnsafeBufferPointer { packedBuffer in
                let x = rowBuffer.baseAddress! + i * d
                let base = packedBuffer.baseAddress!
                var block = range.lowerBound / lanes
                while block * lanes < range.upperBound {
                    var acc = SIMD8<Double>(repeating: 0)
                    var pointer = base + block * d * lanes
                    for t in 0..<d {
                        let y = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Double>.self)
                        let diff = SIMD8<Double>(repeating: x[t]) - y
                        acc += diff * diff
                        pointer += lanes
                    }
                    let roots = acc.squareRoot()
                    for lane in 0..<lanes {
                        let j = block * lanes + lane
                        if j >= range.lowerBound && j < range.upperBound { out[j - range.lowerBound] = roots[lane] }
                    }
                    block += 1
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
