import Foundation
import LinearAlgebra

/// UMAP's spectral initialisation: the eigenvectors of the normalised graph Laplacian with the smallest
/// non-trivial eigenvalues, found by Lanczos iteration with full reorthogonalisation (ARPACK's role in
/// umap-learn). A disconnected graph is laid out per component around fixed anchor points.
struct SpectralLayout {
    let graph: SparseGraph
    let dimensions: Int

    /// n × dimensions, row-major; `nil` when the eigensolver did not converge.
    func embedding(random: inout SeededGenerator) -> [Double]? {
        let (count, labels) = graph.components()
        if count == 1 { return componentEmbedding(Array(0..<graph.count)) }
        let anchors = Self.anchors(count, dimensions: dimensions)
        var result = [Double](repeating: 0, count: graph.count * dimensions)
        var members = [[Int]](repeating: [], count: count)
        for (v, c) in labels.enumerated() { members[c].append(v) }
        for c in 0..<count {
            // Half the distance to the nearest other anchor, so components do not overlap.
            var nearest = Double.infinity
            for o in 0..<count where o != c {
                let d = zip(anchors[c], anchors[o]).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                if d > 0 { nearest = min(nearest, d) }
            }
            let range = nearest.isFinite ? nearest / 2 : 1
            let size = members[c].count
            var local: [Double]?
            if size >= 2 * dimensions && size > dimensions + 1 { local = componentEmbedding(members[c]) }
            if let local {
                let largest = local.map(abs).max() ?? 1
                let expansion = largest > 0 ? range / largest : 1
                for (row, v) in members[c].enumerated() {
                    for d in 0..<dimensions { result[v * dimensions + d] = local[row * dimensions + d] * expansion + anchors[c][d] }
                }
            } else {
                for v in members[c] {
                    for d in 0..<dimensions { result[v * dimensions + d] = (random.nextUnit() * 2 - 1) * range + anchors[c][d] }
                }
            }
        }
        return result
    }

    /// Anchor points of components: ± unit vectors as umap-learn uses for up to 2·dim components;
    /// beyond that, points on a circle in the first two dimensions (umap-learn embeds the component
    /// centroids spectrally instead).
    static func anchors(_ count: Int, dimensions: Int) -> [[Double]] {
        if count <= 2 * dimensions {
            let half = (count + 1) / 2
            let base = (0..<half).map { i in (0..<dimensions).map { $0 == i ? 1.0 : 0 } }
            return Array((base + base.map { $0.map { -$0 } }).prefix(count))
        }
        return (0..<count).map { i in
            let angle = 2 * Double.pi * Double(i) / Double(count)
            return (0..<dimensions).map { d in d == 0 ? cos(angle) * 10 : (d == 1 ? sin(angle) * 10 : 0) }
        }
    }

    /// Spectral embedding of one connected set of vertices (global indices, ascending).
    private func componentEmbedding(_ vertices: [Int]) -> [Double]? {
        let n = vertices.count
        let local = Dictionary(uniqueKeysWithValues: vertices.enumerated().map { ($1, $0) })
        // M = D^-1/2 G D^-1/2 on the component; its largest eigenvalues are L's smallest.
        var starts = [0]
        var columns = [Int]()
        var values = [Double]()
        var degree = [Double](repeating: 0, count: n)
        for (row, v) in vertices.enumerated() {
            for e in graph.rowStart[v]..<graph.rowStart[v + 1] {
                guard let c = local[graph.columns[e]] else { continue }
                columns.append(c)
                values.append(Double(graph.weights[e]))
                degree[row] += Double(graph.weights[e])
            }
            starts.append(columns.count)
        }
        let scale = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        for row in 0..<n { for e in starts[row]..<starts[row + 1] { values[e] *= scale[row] * scale[columns[e]] } }
        let wanted = dimensions + 1
        guard n > wanted else { return nil }
        let multiply: ([Double], inout [Double]) -> Void = { x, y in
            for row in 0..<n {
                var sum = 0.0
                for e in starts[row]..<starts[row + 1] { sum += values[e] * x[columns[e]] }
                y[row] = sum
            }
        }
        guard let vectors = Self.lanczos(n: n, wanted: wanted, firstCheck: max(4 * wanted + 20, 60), multiply: multiply)
        else { return nil }
        // Drop the trivial eigenvector (eigenvalue 1, ∝ √degree); keep the next `dimensions`.
        var out = [Double](repeating: 0, count: n * dimensions)
        for d in 0..<dimensions {
            var v = vectors[d + 1]
            if let largest = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[largest] < 0 { v = v.map { -$0 } }
            for row in 0..<n { out[row * dimensions + d] = v[row] }
        }
        return out
    }

    /// Lanczos steps between two convergence checks after the first.
    static let checkInterval = 16

    /// The `wanted` largest eigenvectors of a symmetric operator, or `nil` when they have not converged
    /// (residual above 1e-4 relative, ARPACK's tolerance in umap-learn). The Krylov basis grows until they
    /// have: convergence is checked after `firstCheck` steps and then every `checkInterval` steps, so a
    /// hard case costs a few more steps rather than a restart.
    static func lanczos(n: Int, wanted: Int, firstCheck: Int, multiply: ([Double], inout [Double]) -> Void) -> [[Double]]? {
        var basis = [Double]()  // rows: Lanczos vectors
        var alpha = [Double]()
        var beta = [Double]()
        var q = [Double](repeating: 1 / Double(n).squareRoot(), count: n)  // umap-learn starts from all ones
        var w = [Double](repeating: 0, count: n)
        var m = 0
        var nextCheck = min(n, firstCheck)
        while true {
            basis.append(contentsOf: q)
            m += 1
            multiply(q, &w)
            let a = zip(w, q).reduce(0) { $0 + $1.0 * $1.1 }
            alpha.append(a)
            // Full reorthogonalisation, twice (classical Gram–Schmidt through BLAS).
            for _ in 0..<2 {
                let coefficients = BLAS.multiply(basis, w, m: m, k: n, n: 1)
                let projection = BLAS.multiply(coefficients, basis, m: 1, k: m, n: n)
                for i in 0..<n { w[i] -= projection[i] }
            }
            let b = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let exhausted = b < 1e-12 || m == n
            if m == nextCheck || exhausted {
                if let vectors = ritzVectors(
                    basis: basis, alpha: alpha, beta: beta, residualNorm: b, n: n, wanted: wanted,
                    complete: m == n)
                {
                    return vectors
                }
                if exhausted { return nil }
                nextCheck = min(n, m + checkInterval)
            }
            beta.append(b)
            q = w.map { $0 / b }
        }
    }

    /// The Ritz vectors of the `wanted` largest Ritz values of the tridiagonal (alpha, beta) on the basis,
    /// or `nil` when one has a residual ‖w‖·|last component| above the tolerance (unless the basis spans
    /// the whole space, when they are exact).
    private static func ritzVectors(
        basis: [Double], alpha: [Double], beta: [Double], residualNorm: Double, n: Int,
        wanted: Int, complete: Bool
    ) -> [[Double]]? {
        let m = alpha.count
        guard m >= wanted else { return nil }
        var tridiagonal = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            tridiagonal[i * m + i] = alpha[i]
            if i + 1 < m {
                tridiagonal[i * m + i + 1] = beta[i]
                tridiagonal[(i + 1) * m + i] = beta[i]
            }
        }
        guard let eig = try? SymmetricEigen(symmetric: tridiagonal, n: m) else { return nil }
        var vectors = [[Double]]()
        for i in 0..<wanted {
            let s = Array(eig.vectors[(i * m)..<((i + 1) * m)])
            let residual = abs(residualNorm * s[m - 1])
            if residual > 1e-4 * max(abs(eig.values[i]), 1e-3) && !complete { return nil }
            let v = BLAS.multiply(s, basis, m: 1, k: m, n: n)
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            vectors.append(v.map { $0 / max(norm, 1e-300) })
        }
        return vectors
    }
}
