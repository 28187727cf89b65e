import LinearAlgebra

/// Principal component analysis with scikit-learn's definitions (`sklearn.decomposition.PCA`,
/// solver `covariance_eigh`/`full`; see docs/algorithms.md, "PCA").
///
/// Settings only; `fit(_:)` returns the fitted model, so a transform before fitting cannot be written.
public struct PCA: Sendable, Equatable {
    /// How many components to keep.
    public enum Components: Sendable, Equatable {
        /// min(n, d), as scikit-learn's `n_components=None`.
        case all
        case count(Int)
        /// The smallest k whose cumulative explained-variance ratio is strictly greater than the fraction.
        case varianceFraction(Double)
    }

    public var components: Components

    public init(components: Components = .all) {
        self.components = components
    }

    /// Fits on `x` (n samples × d features). Works in Double; the eigenproblem is d × d when d ≤ n,
    /// otherwise n × n on the Gram matrix. - Complexity: O(n·d·min(n, d) + min(n, d)³).
    public func fit(_ x: Matrix) throws(PCAError) -> Fitted {
        let (n, d) = (x.rows, x.columns)
        guard n >= 2 else { throw .tooFewSamples(n) }
        guard d >= 1 else { throw .noFeatures }
        if let bad = x.firstNonFinite { throw .nonFinite(row: bad.row, column: bad.column) }

        var mean = [Double](repeating: 0, count: d)
        for r in 0..<n { for c in 0..<d { mean[c] += Double(x[r, c]) } }
        for c in 0..<d { mean[c] /= Double(n) }
        var centered = [Double](repeating: 0, count: n * d)
        for r in 0..<n { for c in 0..<d { centered[r * d + c] = Double(x[r, c]) - mean[c] } }

        let (variances, axes) = try principalAxes(centered, n: n, d: d)
        let rank = variances.count  // min(n, d)
        let total = variances.reduce(0, +)
        let ratios = variances.map { total > 0 ? $0 / total : 0 }
        let kept = try keptCount(ratios: ratios, rank: rank)

        var loadings = Array(axes[0..<(kept * d)])
        flipSigns(&loadings, count: kept, d: d)
        let discarded = variances[kept...]
        return Fitted(
            mean: mean, components: loadings, featureCount: d,
            explainedVariance: Array(variances[0..<kept]),
            explainedVarianceRatio: Array(ratios[0..<kept]),
            singularValues: variances[0..<kept].map { ($0 * Double(n - 1)).squareRoot() },
            noiseVariance: discarded.isEmpty ? 0 : discarded.reduce(0, +) / Double(discarded.count),
            spectrumRatio: ratios, sampleCount: n)
    }

    /// Eigenvalues of the covariance (descending, clipped at 0, count min(n, d)) and unit axes as rows.
    private func principalAxes(_ xc: [Double], n: Int, d: Int) throws(PCAError) -> ([Double], [Double]) {
        let scale = 1 / Double(n - 1)
        do {
            if d <= n {
                let eig = try SymmetricEigen(symmetric: BLAS.gramOfColumns(xc, rows: n, columns: d), n: d)
                return (eig.values.map { max($0, 0) * scale }, eig.vectors)
            }
            // Wide data: eigenvectors u of Xc·Xcᵀ give axes v = Xcᵀu / ‖Xcᵀu‖.
            let eig = try SymmetricEigen(symmetric: BLAS.gramOfRows(xc, rows: n, columns: d), n: n)
            let projected = BLAS.multiply(eig.vectors, xc, m: n, k: n, n: d)  // rows uᵢᵀ·Xc
            var axes = [Double](repeating: 0, count: n * d)
            for i in 0..<n {
                let row = projected[(i * d)..<((i + 1) * d)]
                let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm > 0 { for c in 0..<d { axes[i * d + c] = row[row.startIndex + c] / norm } }
            }
            return (eig.values.map { max($0, 0) * scale }, axes)
        } catch {
            throw .solverFailed(String(describing: error))
        }
    }

    private func keptCount(ratios: [Double], rank: Int) throws(PCAError) -> Int {
        switch components {
        case .all:
            return rank
        case .count(let k):
            guard k >= 1, k <= rank else { throw .tooManyComponents(requested: k, available: rank) }
            return k
        case .varianceFraction(let f):
            guard f > 0, f < 1 else { throw .invalidFraction(f) }
            return PCA.componentCount(reaching: f, ratios: ratios)
        }
    }

    /// scikit-learn ≥ 1.5 (`svd_flip` on Vᵀ): the largest-magnitude loading of every component is positive.
    private func flipSigns(_ v: inout [Double], count: Int, d: Int) {
        for i in 0..<count {
            var best = 0
            for c in 1..<max(d, 1) where abs(v[i * d + c]) > abs(v[i * d + best]) { best = c }
            if v[i * d + best] < 0 { for c in 0..<d { v[i * d + c] = -v[i * d + c] } }
        }
    }
}
