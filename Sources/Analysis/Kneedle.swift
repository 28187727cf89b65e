/// The knee (elbow) of a convex, decreasing curve — an inertia curve — by the Kneedle method, as the
/// `kneed` package (≥ 0.8.6) finds it with `curve='convex'`, `direction='decreasing'`,
/// `interp_method='interp1d'`, `online=False` (docs/algorithms.md, "k-means and the elbow").
public struct Kneedle: Sendable, Equatable {
    /// Sensitivity `S`: larger waits longer before calling a knee.
    public var sensitivity: Double

    public init(sensitivity: Double = 1) {
        self.sensitivity = sensitivity
    }

    /// The x of the knee, or `nil` when the curve has none (or is flat).
    public func knee(x: [Double], y: [Double]) -> Double? {
        kneeIndex(x: x, y: y).map { x[$0] }
    }

    public func kneeIndex(x: [Double], y: [Double]) -> Int? {
        let n = x.count
        guard n == y.count, n >= 2 else { return nil }
        guard let xn = Self.normalized(x), let yn = Self.normalized(y) else { return nil }
        // Convex and decreasing: flip y (max(yn) − yn, max being 1) so the knee is a maximum of y − x.
        let difference = zip(yn, xn).map { (1 - $0) - $1 }
        let maxima = Self.extrema(difference, maxima: true)
        let minima = Self.extrema(difference, maxima: false)
        guard let firstMaximum = maxima.min() else { return nil }
        let step = zip(xn.dropFirst(), xn).map { $0 - $1 }.reduce(0, +) / Double(n - 1)
        var threshold = 0.0
        var candidate = 0
        var detecting = false
        for i in firstMaximum..<(n - 1) {
            if maxima.contains(i) {
                threshold = difference[i] - sensitivity * abs(step)
                candidate = i
                detecting = true
            }
            if minima.contains(i) {
                threshold = 0
                detecting = false
            }
            if detecting && difference[i + 1] < threshold { return candidate }
        }
        return nil
    }

    private static func normalized(_ values: [Double]) -> [Double]? {
        guard let low = values.min(), let high = values.max(), high > low else { return nil }
        return values.map { ($0 - low) / (high - low) }
    }

    /// Local maxima (or minima): at least as large (small) as both neighbours; a missing neighbour is
    /// the point itself, so ends and plateaus qualify.
    private static func extrema(_ v: [Double], maxima: Bool) -> Set<Int> {
        Set(
            v.indices.filter { i in
                let left = i > 0 ? v[i - 1] : v[i]
                let right = i + 1 < v.count ? v[i + 1] : v[i]
                return maxima ? (v[i] >= left && v[i] >= right) : (v[i] <= left && v[i] <= right)
            })
    }
}
