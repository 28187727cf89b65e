import LinearAlgebra

/// One set of feature vectors in Double, row-major `count × width`: the distribution metrics compute in
/// Double whatever the features were stored in (as NumPy does once features are float64).
public struct FeatureRows: Sendable {
    public let count: Int
    public let width: Int
    public let values: [Double]

    public init(count: Int, width: Int, values: [Double]) {
        precondition(count >= 0 && width >= 0 && values.count == count * width, "\(values.count) values for \(count) × \(width)")
        (self.count, self.width, self.values) = (count, width, values)
    }

    public init(_ matrix: Matrix) {
        self.init(count: matrix.rows, width: matrix.columns, values: matrix.storage.map(Double.init))
    }

    /// The rows at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> FeatureRows {
        var out = [Double]()
        out.reserveCapacity(indices.count * width)
        for i in indices { out.append(contentsOf: values[(i * width)..<((i + 1) * width)]) }
        return FeatureRows(count: indices.count, width: width, values: out)
    }

    /// ‖x‖² of every row.
    public var squaredNorms: [Double] {
        (0..<count).map { i in
            var sum = 0.0
            for c in (i * width)..<((i + 1) * width) { sum += values[c] * values[c] }
            return sum
        }
    }

    /// The mean row.
    public var mean: [Double] {
        var sum = [Double](repeating: 0, count: width)
        for i in 0..<count { for c in 0..<width { sum[c] += values[i * width + c] } }
        return sum.map { $0 / Double(max(count, 1)) }
    }

    /// Every row minus `center`.
    public func centred(on center: [Double]) -> FeatureRows {
        var out = values
        for i in 0..<count { for c in 0..<width { out[i * width + c] -= center[c] } }
        return FeatureRows(count: count, width: width, values: out)
    }
}

/// Random subsets of item indices.
enum Subsets {
    /// `count` distinct indices of 0..<n (a partial Fisher–Yates shuffle), in the order drawn.
    static func distinct(_ count: Int, of n: Int, using generator: inout SeededGenerator) -> [Int] {
        var pool = Array(0..<n)
        for i in 0..<min(count, n) {
            let j = i + Int(generator.next() % UInt64(n - i))
            pool.swapAt(i, j)
        }
        return Array(pool.prefix(count))
    }

    /// A generator for stream `stream` of `seed`: streams of one seed are independent and each is the
    /// same whichever thread draws it.
    static func generator(seed: UInt64, stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ stream &* 0xD1B5_4A32_D192_ED03 &+ 1)
    }
}
