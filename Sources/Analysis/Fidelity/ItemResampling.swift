import LinearAlgebra

/// Percentile intervals for statistics written as their value plus a mean of per-item terms over each
/// set: a resample draws every set's items with replacement and moves the value by the terms' mean over
/// the drawn items. The terms are computed once on the full sets, so no neighbourhood or covariance is
/// recomputed and a duplicated item never shrinks a radius (docs/algorithms.md, "Intervals").
/// Each resample has its own seeded stream: the bounds are the same whatever the cores.
public struct ItemResampling: Sendable {
    /// Resamples behind each interval.
    public let resamples: Int
    /// The template's seed; each resample's stream is derived from it.
    public let seed: UInt64
    /// The interval's coverage, 0.95.
    public static let level = 0.95
    /// The standard normal quantile of (1 + level)/2: a 95 % interval's half-width in standard errors.
    public static let normalQuantile = 1.959_963_984_540_054

    public init(resamples: Int, seed: UInt64) { (self.resamples, self.seed) = (resamples, seed) }

    /// Per-item terms of one set: `weight × mean(values over the drawn items)` is added to the value.
    public struct Terms: Sendable {
        public let weight: Double
        /// Centred (mean 0) over the set.
        public let values: [Double]
        public init(weight: Double = 1, centring values: [Double]) {
            let mean = values.reduce(0, +) / Double(max(values.count, 1))
            (self.weight, self.values) = (weight, values.map { $0 - mean })
        }
    }

    /// The resampled values of a statistic, one per resample. `stream` keeps metrics' draws apart.
    public func values(_ value: Double, terms: [Terms], stream: UInt64) -> [Double] {
        Parallel.map(resamples, workers: Parallel.cores) { r in
            var generator = Subsets.generator(seed: Subsets.mix(seed ^ stream), purpose: .resamples, stream: UInt64(r))
            var moved = value
            for set in terms where !set.values.isEmpty {
                let n = set.values.count
                var sum = 0.0
                for _ in 0..<n { sum += set.values[Int(generator.next() % UInt64(n))] }
                moved += set.weight * sum / Double(n)
            }
            return moved
        }
    }

    /// The central `level` interval of the resampled values (NumPy's linear percentiles).
    /// - Precondition: `resamples > 0`.
    public func interval(_ value: Double, terms: [Terms], stream: UInt64) -> ClosedRange<Double> {
        precondition(resamples > 0, "an interval needs at least one resample")
        let tail = (1 - Self.level) / 2 * 100
        let summary = SampleSummary(values(value, terms: terms, stream: stream))!
        return summary.percentile(tail)...summary.percentile(100 - tail)
    }
}
