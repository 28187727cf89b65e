import LinearAlgebra

/// One side of Fréchet distances to several other sets (FD∞ compares subsets of the generated set with
/// one real set): its moments and covariance square root, computed once.
struct FrechetReference: Sendable {
    let moments: GaussianMoments
    let spectrum: PSDSpectrum
    /// Σ^½, row-major `width × width`.
    let root: [Double]

    init(_ rows: FeatureRows) throws {
        moments = GaussianMoments(rows)
        spectrum = try PSDSpectrum(moments.covariance, n: moments.width)
        root = spectrum.squareRoot
    }

    /// Σ^½ Σₒ Σ^½ for another set's covariance Σₒ.
    func sandwich(_ other: GaussianMoments) -> [Double] {
        let d = moments.width
        let left = BLAS.multiply(root, other.covariance, m: d, k: d, n: d)
        return BLAS.multiply(left, root, m: d, k: d, n: d)
    }

    /// The distance to another set, its covariance's rank found by one eigendecomposition more.
    func distance(to other: GaussianMoments) throws -> FrechetDistance {
        try distance(to: other, otherRank: PSDSpectrum.rank(ofEigenvalues: SymmetricEigen.values(symmetric: other.covariance, n: moments.width)))
    }

    /// The distance to another set whose covariance's rank is known.
    func distance(to other: GaussianMoments, otherRank: Int) throws -> FrechetDistance {
        let d = moments.width
        let eigenvalues = try SymmetricEigen.values(symmetric: sandwich(other), n: d)
        // Eigenvalues that are zero but for rounding would add √rounding each: below NumPy's rank
        // tolerance they count as 0.
        let tolerance = PSDSpectrum.tolerance(ofEigenvalues: eigenvalues)
        let traceTerm = eigenvalues.reduce(0) { $0 + ($1 > tolerance ? $1.squareRoot() : 0) }
        var meanTerm = 0.0
        for c in 0..<d { meanTerm += (moments.mean[c] - other.mean[c]) * (moments.mean[c] - other.mean[c]) }
        return FrechetDistance(
            meanTerm: meanTerm, traceA: moments.trace, traceB: other.trace, traceTerm: traceTerm,
            ranks: [spectrum.rank, otherRank], width: d)
    }
}
