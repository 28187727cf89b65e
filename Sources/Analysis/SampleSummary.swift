/// Mean, spread and range of a few numbers (one per seed), as NumPy computes them: the standard
/// deviation with n − 1 in the denominator (`np.std(x, ddof=1)`, pandas' and R's `sd`), percentiles
/// interpolated linearly between order statistics (`np.percentile`'s default method).
public struct SampleSummary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// 0 for a single number.
    public let standardDeviation: Double
    public let minimum: Double
    public let maximum: Double
    private let sorted: [Double]

    /// nil for no numbers.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        sorted = values.sorted()
        count = values.count
        let mean = values.reduce(0, +) / Double(values.count)
        self.mean = mean
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        standardDeviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
        (minimum, maximum) = (sorted[0], sorted[count - 1])
    }

    /// The `p`-th percentile, 0 ≤ p ≤ 100: at rank h = (n − 1)·p/100, interpolated between the order
    /// statistics around it.
    public func percentile(_ p: Double) -> Double {
        let rank = Double(count - 1) * min(max(p, 0), 100) / 100
        let below = Int(rank.rounded(.down))
        let above = min(below + 1, count - 1)
        return sorted[below] + (rank - Double(below)) * (sorted[above] - sorted[below])
    }
}
