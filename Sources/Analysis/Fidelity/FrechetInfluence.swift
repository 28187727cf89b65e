import LinearAlgebra

/// Each item's first-order effect on the Fréchet distance (its influence function), so that an interval
/// can resample items without recomputing covariances: FD over a resample ≈ FD + the mean influence of
/// the resampled items of each set (docs/algorithms.md, "Intervals").
///
/// For an item y of set 2 with c = y − μ₂: 2(μ₂ − μ₁)·c + cᵀ G₂ c, centred over the set, where
/// G₂ = ∂FD/∂Σ₂ = I − Σ₁^½ (Σ₁^½ Σ₂ Σ₁^½)^−½ Σ₁^½ (a pseudo-inverse on the eigenvalues above rounding);
/// set 1 alike with the roles exchanged.
enum FrechetInfluence {
    /// Per item of `a`, then per item of `b`.
    static func values(_ a: FrechetReference, _ b: FrechetReference) throws -> (a: [Double], b: [Double]) {
        (try values(of: a, against: b), try values(of: b, against: a))
    }

    /// The influence of each item of `own`; `other` is the set it is compared with.
    private static func values(of own: FrechetReference, against other: FrechetReference) throws -> [Double] {
        let d = own.moments.width
        let n = own.moments.count
        let gradient = try covarianceGradient(own: own.moments, other: other)
        let centred = own.moments.centred.values
        let product = BLAS.multiply(centred, gradient, m: n, k: d, n: d)
        var shift = [Double](repeating: 0, count: d)
        for c in 0..<d { shift[c] = 2 * (own.moments.mean[c] - other.moments.mean[c]) }
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var linear = 0.0
            var quadratic = 0.0
            for c in 0..<d {
                linear += shift[c] * centred[i * d + c]
                quadratic += product[i * d + c] * centred[i * d + c]
            }
            values[i] = linear + quadratic
        }
        let mean = values.reduce(0, +) / Double(n)
        return values.map { $0 - mean }
    }

    /// ∂FD/∂Σ for the set whose covariance is `own`: I − S (S Σ S)^−½ S with S = the other set's Σ^½.
    static func covarianceGradient(own: GaussianMoments, other: FrechetReference) throws -> [Double] {
        let d = own.width
        let sandwich = try PSDSpectrum(other.sandwich(own), n: d)
        let inverseRoot = sandwich.function { 1 / $0.squareRoot() }
        let left = BLAS.multiply(other.root, inverseRoot, m: d, k: d, n: d)
        var gradient = BLAS.multiply(left, other.root, m: d, k: d, n: d).map { -$0 }
        for c in 0..<d { gradient[c * d + c] += 1 }
        return gradient
    }
}
