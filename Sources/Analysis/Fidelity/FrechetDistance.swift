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
