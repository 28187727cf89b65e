import LinearAlgebra

/// The Fréchet distance between Gaussians fitted to two feature sets (the "FID" formula, computed on any
/// features): FD = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁Σ₂)^½, with `np.cov`'s covariances (n − 1).
///
/// The trace term is Σᵢ √λᵢ over the eigenvalues of Σ₁^½ Σ₂ Σ₁^½, which has those of Σ₁Σ₂ but is
/// symmetric positive semi-definite: a symmetric eigensolver gives it stably, also when a covariance is
/// singular (fewer items than features), where `scipy.linalg.sqrtm(Σ₁Σ₂)` returns complex or NaN values
/// (docs/algorithms.md, "Fréchet distance").
/// - Complexity: O((n₁ + n₂)·d²) for the covariances and O(d³) for two eigendecompositions.
public struct FrechetDistance: Sendable, Equatable {
    public let value: Double
    /// ‖μ₁ − μ₂‖².
    public let meanTerm: Double
    /// tr (Σ₁Σ₂)^½.
    public let traceTerm: Double
    /// The ranks of Σ₁ and Σ₂ (NumPy's `matrix_rank` tolerance); below the width, a covariance is singular.
    public let ranks: [Int]
    public let width: Int

    /// Whether a covariance is singular (rank below the number of features).
    public var singular: Bool { ranks.contains { $0 < width } }

    /// - Precondition: both sets have at least two rows and the same width.
    public init(_ a: FeatureRows, _ b: FeatureRows) throws {
        self = try FrechetReference(a).distance(to: GaussianMoments(b))
    }

    init(meanTerm: Double, traceA: Double, traceB: Double, traceTerm: Double, ranks: [Int], width: Int) {
        (self.meanTerm, self.traceTerm, self.ranks, self.width) = (meanTerm, traceTerm, ranks, width)
        // Rounding can take identical sets a hair below zero; a distance is not negative.
        value = max(meanTerm + traceA + traceB - 2 * traceTerm, 0)
    }
}

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

    /// - Parameter rank: whether to find the other covariance's rank (an eigendecomposition more); without
    ///   it the rank is reported as full.
    func distance(to other: GaussianMoments, rank: Bool = true) throws -> FrechetDistance {
        let d = moments.width
        let eigenvalues = try SymmetricEigen.values(symmetric: sandwich(other), n: d)
        // Eigenvalues that are zero but for rounding would add √rounding each: below NumPy's rank
        // tolerance they count as 0.
        let tolerance = (eigenvalues.first ?? 0) * Double(d) * Double.ulpOfOne
        let traceTerm = eigenvalues.reduce(0) { $0 + ($1 > tolerance ? $1.squareRoot() : 0) }
        var meanTerm = 0.0
        for c in 0..<d { meanTerm += (moments.mean[c] - other.mean[c]) * (moments.mean[c] - other.mean[c]) }
        let otherRank = rank ? try PSDSpectrum.rank(ofEigenvalues: SymmetricEigen.values(symmetric: other.covariance, n: d)) : d
        return FrechetDistance(meanTerm: meanTerm, traceA: moments.trace, traceB: other.trace, traceTerm: traceTerm,
                               ranks: [spectrum.rank, otherRank], width: d)
    }
}

extension PSDSpectrum {
    /// The rank of a matrix with these eigenvalues (descending), with `matrix_rank`'s tolerance.
    static func rank(ofEigenvalues values: [Double]) -> Int {
        let tolerance = (values.first ?? 0) * Double(values.count) * Double.ulpOfOne
        return values.filter { $0 > tolerance }.count
    }
}
