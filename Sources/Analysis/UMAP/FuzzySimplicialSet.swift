import Foundation
import LinearAlgebra

/// umap-learn's fuzzy simplicial set: per-point ρ (distance to the nearest neighbour) and σ (bandwidth
/// by bisection), directed memberships exp(−(d − ρ)/σ), and their fuzzy union
/// (docs/algorithms.md, "UMAP").
struct FuzzySimplicialSet {
    let neighbors: NearestNeighbors.Graph
    let localConnectivity: Double
    let setOpMixRatio: Double

    struct Smoothing: Equatable {
        let rho: [Float]
        let sigma: [Float]
    }

    /// ρ and σ for every point (umap-learn's `smooth_knn_dist`, bandwidth 1).
    func smoothing() -> Smoothing {
        let n = neighbors.distances.count / neighbors.k
        let k = neighbors.k
        let target = log2(Double(k))
        let meanAll = neighbors.distances.reduce(0.0) { $0 + Double($1) } / Double(max(neighbors.distances.count, 1))
        var rho = [Float](repeating: 0, count: n)
        var sigma = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let row = neighbors.distances(of: i).map(Double.init)
            let positive = row.filter { $0 > 0 }
            var r = 0.0
            if positive.count >= Int(localConnectivity) {
                let j = Int(floor(localConnectivity))
                let f = localConnectivity - Double(j)
                if j > 0 {
                    r = positive[j - 1]
                    if f > 1e-5 { r += f * (positive[j] - positive[j - 1]) }
                } else {
                    r = f * positive[0]
                }
            } else if let largest = positive.max() {
                r = largest
            }
            var (low, high, mid) = (0.0, Double.infinity, 1.0)
            for _ in 0..<64 {
                var psum = 0.0
                for j in 1..<k {
                    let d = row[j] - r
                    psum += d > 0 ? exp(-d / mid) : 1
                }
                if abs(psum - target) < 1e-5 { break }
                if psum > target {
                    high = mid
                    mid = (low + high) / 2
                } else {
                    low = mid
                    mid = high == .infinity ? mid * 2 : (low + high) / 2
                }
            }
            let rowMean = row.reduce(0, +) / Double(k)
            mid = r > 0 ? max(mid, 1e-3 * rowMean) : max(mid, 1e-3 * meanAll)
            rho[i] = Float(r)
            sigma[i] = Float(mid)
        }
        return Smoothing(rho: rho, sigma: sigma)
    }

    /// The symmetric membership graph.
    func graph() -> SparseGraph {
        let n = neighbors.distances.count / neighbors.k
        let k = neighbors.k
        let s = smoothing()
        var directed = [Int: Float]()  // key i·n + j
        directed.reserveCapacity(n * k)
        for i in 0..<n {
            for slot in 0..<k {
                let j = neighbors.indices[i * k + slot]
                guard j != i else { continue }
                let d = Double(neighbors.distances[i * k + slot])
                let w: Double = (d - Double(s.rho[i]) <= 0 || s.sigma[i] == 0) ? 1 : exp(-(d - Double(s.rho[i])) / Double(s.sigma[i]))
                if w > 0 { directed[i * n + j] = Float(w) }
            }
        }
        var entries = [(row: Int, column: Int, weight: Float)]()
        entries.reserveCapacity(directed.count * 2)
        let mix = Float(setOpMixRatio)
        for (key, a) in directed {
            let (i, j) = (key / n, key % n)
            let b = directed[j * n + i] ?? 0
            let product = a * b
            let union = a + b - product
            let value = mix * union + (1 - mix) * product
            if value > 0 { entries.append((i, j, value)) }
            // (j, i) is emitted from its own entry when it exists; otherwise here.
            if b == 0 && mix * a > 0 { entries.append((j, i, mix * a)) }
        }
        return SparseGraph(count: n, entries: entries)
    }
}
