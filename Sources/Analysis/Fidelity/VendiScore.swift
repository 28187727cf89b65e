import Foundation
import LinearAlgebra

/// The Vendi score of a set (Friedman & Dieng 2023) as dgm-eval and the `vendi-score` package compute it:
/// rows scaled to unit length, the linear kernel K = XXᵀ/n, and exp(−Σ λ log λ) over K's eigenvalues
/// λ > 0 — the effective number of distinct items, from 1 (all alike) to n (all orthogonal). The non-zero
/// eigenvalues of XXᵀ/n are those of XᵀX/n, so the smaller of the two is decomposed (docs/algorithms.md,
/// "Vendi score"). A zero row stays zero.
/// - Complexity: O(n·d·min(n, d) + min(n, d)³).
public struct VendiScore: Sendable {
    public let value: Double
    /// The unit rows, row-major n × d.
    let unitRows: FeatureRows

    public init(_ rows: FeatureRows) throws {
        unitRows = Self.unitLength(rows)
        let n = rows.count
        let d = rows.width
        let gram = n > d ? BLAS.gramOfColumns(unitRows.values, rows: n, columns: d) : BLAS.gramOfRows(unitRows.values, rows: n, columns: d)
        let size = min(n, d)
        let eigenvalues = try SymmetricEigen.values(symmetric: gram.map { $0 / Double(n) }, n: size)
        value = exp(Self.entropy(eigenvalues))
    }

    /// −Σ λ log λ over λ > 0 (the `vendi-score` package drops the rest, rounding below zero included).
    static func entropy(_ eigenvalues: [Double]) -> Double {
        -eigenvalues.filter { $0 > 0 }.reduce(0) { $0 + $1 * log($1) }
    }

    static func unitLength(_ rows: FeatureRows) -> FeatureRows {
        var values = rows.values
        let d = rows.width
        for (i, norm) in rows.squaredNorms.enumerated() where norm > 0 {
            let scale = 1 / norm.squareRoot()
            for c in (i * d)..<((i + 1) * d) { values[c] *= scale }
        }
        return FeatureRows(count: rows.count, width: d, values: values)
    }

    /// Each item's first-order effect on the score, centred: with C = XᵀX/n = Σ λ v vᵀ, the entropy moves by
    /// −tr(L dC) for L = Σ (log λ + 1) v vᵀ over λ above rounding, and an item x adds (x xᵀ − C)/n to C; so
    /// its influence is −V·(xᵀ L x), centred over the items.
    func influence() throws -> [Double] {
        let n = unitRows.count
        let d = unitRows.width
        let covariance = BLAS.gramOfColumns(unitRows.values, rows: n, columns: d).map { $0 / Double(n) }
        let eigen = try SymmetricEigen(symmetric: covariance, n: d)
        let tolerance = PSDSpectrum.tolerance(ofEigenvalues: eigen.values)
        // L = Σ w v vᵀ with w = log λ + 1 of either sign: two rank updates, positive and negative parts.
        var positive = [Double](repeating: 0, count: d * d)
        var negative = positive
        for i in 0..<d where eigen.values[i] > tolerance {
            let w = log(eigen.values[i]) + 1
            let root = abs(w).squareRoot()
            for c in 0..<d {
                if w >= 0 { positive[i * d + c] = root * eigen.vectors[i * d + c] } else { negative[i * d + c] = root * eigen.vectors[i * d + c] }
            }
        }
        let plus = BLAS.gramOfColumns(positive, rows: d, columns: d)
        let minus = BLAS.gramOfColumns(negative, rows: d, columns: d)
        let weights = zip(plus, minus).map { $0 - $1 }
        let product = BLAS.multiply(unitRows.values, weights, m: n, k: d, n: d)
        var quadratic = [Double](repeating: 0, count: n)
        for i in 0..<n { for c in 0..<d { quadratic[i] += product[i * d + c] * unitRows.values[i * d + c] } }
        let mean = quadratic.reduce(0, +) / Double(max(n, 1))
        return quadratic.map { -value * ($0 - mean) }
    }
}
