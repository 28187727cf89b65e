import LinearAlgebra

/// FD∞ (Chong & Forsyth 2020, as dgm-eval's `compute_FD_infinity`): FD is biased upward by about
/// a constant / N for N generated items, so FD is computed against the whole real set for 15 subsets of the
/// generated set, of sizes evenly spaced from min(5000, max(N/10, 2)) to N (truncated to integers), each
/// drawn without replacement; a least-squares line of FD against 1/N gives FD at 1/N = 0, its intercept.
/// The subsets are seeded (dgm-eval's are not).
public struct FrechetDistanceInfinity: Sendable {
    public static let points = 15

    public let value: Double
    /// The slope of FD against 1/N.
    public let slope: Double
    /// The intercept's standard error from the fit's residuals.
    public let standardError: Double
    public let sizes: [Int]
    public let distances: [Double]

    /// The subset sizes for a generated set of `n` items.
    public static func sizes(generated n: Int) -> [Int] {
        // As `np.linspace(low, n, 15).astype('int32')`: start + i·step, the last exactly n, truncated.
        let low = Double(min(5000, max(n / 10, 2)))
        let step = (Double(n) - low) / Double(points - 1)
        return (0..<points).map { i in i == points - 1 ? n : Int(Double(i) * step + low) }
    }

    init(real: FrechetReference, generated: FeatureRows, seed: UInt64) throws {
        let sizes = Self.sizes(generated: generated.count)
        let distances = try Parallel.map(sizes.count, workers: Parallel.cores) { s throws -> Double in
            var generator = Subsets.generator(seed: seed, purpose: .fdInfinity, stream: UInt64(s))
            let subset = generated.selecting(Subsets.distinct(sizes[s], of: generated.count, using: &generator))
            // Only the value is read: the subset's rank is not worth an eigendecomposition.
            let moments = GaussianMoments(subset)
            return try real.distance(to: moments, otherRank: moments.width).value
        }
        (self.sizes, self.distances) = (sizes, distances)
        let fit = LeastSquaresLine(x: sizes.map { 1 / Double($0) }, y: distances)
        (value, slope, standardError) = (fit.intercept, fit.slope, fit.interceptStandardError)
    }
}
