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
