import Foundation
import LinearAlgebra

/// Greedy k-means++ seeding as scikit-learn's `_kmeans_plusplus`: 2 + ⌊ln k⌋ candidates per centre,
/// drawn in proportion to the squared distance to the nearest centre, keeping the one that lowers the
/// potential most.
struct KMeansPlusPlus {
    let data: CenteredData
    let clusterCount: Int

    /// Initial centres, row-major k × d.
    func seed(_ random: inout NumPyRandomState) -> [Double] {
        let (n, d) = (data.rows, data.columns)
        let trials = 2 + Int(Foundation.log(Double(clusterCount)))
        var centers = [Double](repeating: 0, count: clusterCount * d)
        let first = random.choice(probabilities: [Double](repeating: 1 / Double(n), count: n))
        centers.replaceSubrange(0..<d, with: data.row(first))
        var closest = squaredDistances(from: [first])[0]
        var potential = closest.reduce(0, +)
        for c in 1..<max(clusterCount, 1) {
            var cumulative = [Double](repeating: 0, count: n)
            var sum = 0.0
            for i in 0..<n {
                sum += closest[i]
                cumulative[i] = sum
            }
            let candidates = (0..<trials).map { _ -> Int in
                let target = random.randomSample() * potential
                return min(Self.firstIndex(in: cumulative, notBelow: target), n - 1)
            }
            let distances = squaredDistances(from: candidates)
            var bestPotential = Double.infinity
            var bestIndex = 0
            var bestClosest = closest
            for (t, candidate) in distances.enumerated() {
                var merged = closest
                for i in 0..<n where candidate[i] < merged[i] { merged[i] = candidate[i] }
                let candidatePotential = merged.reduce(0, +)
                if candidatePotential < bestPotential {
                    (bestPotential, bestIndex, bestClosest) = (candidatePotential, t, merged)
                }
            }
            centers.replaceSubrange((c * d)..<((c + 1) * d), with: data.row(candidates[bestIndex]))
            closest = bestClosest
            potential = bestPotential
        }
        return centers
    }

    /// Squared distances from the given rows to every row, by ‖a‖² + ‖b‖² − 2a·b clipped at 0
    /// (scikit-learn's `_euclidean_distances`).
    private func squaredDistances(from rows: [Int]) -> [[Double]] {
        let (n, d) = (data.rows, data.columns)
        var chosen = [Double]()
        chosen.reserveCapacity(rows.count * d)
        for r in rows { chosen.append(contentsOf: data.row(r)) }
        let dots = BLAS.multiply(chosen, data.values, m: rows.count, k: d, n: n, transposeB: true)
        return rows.enumerated().map { t, r in
            let own = data.row(r).reduce(0) { $0 + $1 * $1 }
            return (0..<n).map { i in max(0, (-2 * dots[t * n + i] + own) + data.squaredNorms[i]) }
        }
    }

    /// numpy `searchsorted(side='left')`: the first index whose value is ≥ target.
    static func firstIndex(in sorted: [Double], notBelow target: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
