import LinearAlgebra

/// A symmetric positive semi-definite matrix's eigenvalues (negative rounding clamped to 0) and the
/// functions of it the metrics need: its square root, and whether it is singular.
struct PSDSpectrum: Sendable {
    let eigen: SymmetricEigen

    init(_ matrix: [Double], n: Int) throws { eigen = try SymmetricEigen(symmetric: matrix, n: n) }

    var n: Int { eigen.n }

    /// The eigenvalues, descending, below-zero rounding set to 0.
    var values: [Double] { eigen.values.map { max($0, 0) } }

    /// NumPy's `matrix_rank` tolerance: the largest eigenvalue × n × machine epsilon.
    var tolerance: Double { Self.tolerance(ofEigenvalues: eigen.values) }

    /// Eigenvalues above the tolerance.
    var rank: Int { Self.rank(ofEigenvalues: eigen.values) }

    /// Σ f(λᵢ) vᵢvᵢᵀ over the eigenvalues above the tolerance, f(λ) given as its square root's weight
    /// so the product is one symmetric rank-k update: Wᵀ W with row i of W = √f(λᵢ)·vᵢ.
    func function(_ f: (Double) -> Double) -> [Double] {
        var weighted = [Double](repeating: 0, count: n * n)
        for i in 0..<n where eigen.values[i] > tolerance {
            let w = f(eigen.values[i])
            precondition(w >= 0, "the function must be non-negative to be written as WᵀW")
            let root = w.squareRoot()
            for c in 0..<n { weighted[i * n + c] = root * eigen.vectors[i * n + c] }
        }
        return BLAS.gramOfColumns(weighted, rows: n, columns: n)
    }

    /// The matrix square root (eigenvalues below the tolerance count as 0).
    var squareRoot: [Double] { function { $0.squareRoot() } }

    /// The rank of a matrix with these eigenvalues (descending), with `matrix_rank`'s tolerance.
    static func rank(ofEigenvalues values: [Double]) -> Int {
        let tolerance = tolerance(ofEigenvalues: values)
        return values.filter { $0 > tolerance }.count
    }

    /// NumPy's `matrix_rank` tolerance for these eigenvalues (descending): the largest × n × machine epsilon.
    static func tolerance(ofEigenvalues values: [Double]) -> Double { (values.first ?? 0) * Double(values.count) * Double.ulpOfOne }
}
