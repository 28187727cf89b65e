import Foundation

/// UMAP's low-dimensional similarity 1 / (1 + a·d^(2b)), with a and b fitted to `min_dist` and `spread`
/// by least squares as umap-learn's `find_ab_params` does (300 points on [0, 3·spread], start a = b = 1).
public struct CurveParameters: Sendable, Equatable {
    public let a: Double
    public let b: Double

    public init(a: Double, b: Double) { (self.a, self.b) = (a, b) }

    /// Levenberg–Marquardt on the 300 sample points; converges to the optimum scipy's `curve_fit` finds.
    public init(minDist: Double, spread: Double) {
        let xs = (0..<300).map { Double($0) * 3 * spread / 299 }
        let ys = xs.map { $0 < minDist ? 1 : exp(-($0 - minDist) / spread) }
        var (a, b) = (1.0, 1.0)
        var lambda = 1e-3
        func cost(_ a: Double, _ b: Double) -> Double {
            zip(xs, ys).reduce(0) { sum, p in
                let r = 1 / (1 + a * pow(p.0, 2 * b)) - p.1
                return sum + r * r
            }
        }
        var current = cost(a, b)
        for _ in 0..<500 {
            // Normal equations JᵀJ·δ = −Jᵀr of the 2-parameter problem.
            var (jaa, jab, jbb, ga, gb) = (0.0, 0.0, 0.0, 0.0, 0.0)
            for (x, y) in zip(xs, ys) where x > 0 {
                let p = pow(x, 2 * b)
                let f = 1 / (1 + a * p)
                let r = f - y
                let da = -p * f * f
                let db = -a * p * 2 * log(x) * f * f
                jaa += da * da
                jab += da * db
                jbb += db * db
                ga += da * r
                gb += db * r
            }
            var improved = false
            while lambda < 1e12 {
                let (m11, m22) = (jaa * (1 + lambda), jbb * (1 + lambda))
                let det = m11 * m22 - jab * jab
                guard det != 0 else {
                    lambda *= 10
                    continue
                }
                let stepA = (-ga * m22 + gb * jab) / det
                let stepB = (-gb * m11 + ga * jab) / det
                let candidate = cost(a + stepA, b + stepB)
                if candidate < current {
                    let change = abs(stepA) / max(abs(a), 1e-12) + abs(stepB) / max(abs(b), 1e-12)
                    (a, b, current) = (a + stepA, b + stepB, candidate)
                    lambda = max(lambda / 10, 1e-15)
                    improved = true
                    if change < 1e-14 {
                        self.init(a: a, b: b)
                        return
                    }
                    break
                }
                lambda *= 10
            }
            if !improved { break }
        }
        self.init(a: a, b: b)
    }
}
