import LinearAlgebra

/// Lloyd iterations as scikit-learn runs them: assign by ‖c‖² − 2x·c, average, relocate empty
/// clusters to the farthest points, stop on unchanged labels or a squared centre shift ≤ tolerance.
struct Lloyd {
    let data: CenteredData
    let maxIterations: Int
    let tolerance: Double

    func run(from initial: [Double]) -> KMeans.Run {
        let (n, d) = (data.rows, data.columns)
        let k = initial.count / d
        var centers = initial
        var labels = [Int](repeating: -1, count: n)
        var previous = labels
        var strict = false
        var iteration = 0
        while iteration < maxIterations {
            labels = assign(centers, k: k)
            let updated = average(labels, k: k, old: centers)
            var shift = 0.0
            for i in 0..<(k * d) { shift += (updated[i] - centers[i]) * (updated[i] - centers[i]) }
            centers = updated
            if labels == previous { strict = true; break }
            if shift <= tolerance { break }
            previous = labels
            iteration += 1
        }
        if !strict { labels = assign(centers, k: k) }
        return KMeans.Run(labels: labels, centers: centers, inertia: inertia(labels, centers), iterations: min(iteration + 1, maxIterations))
    }

    /// E-step: nearest centre by ‖c‖² − 2x·c; the first one on ties.
    func assign(_ centers: [Double], k: Int) -> [Int] {
        let (n, d) = (data.rows, data.columns)
        let dots = BLAS.multiply(data.values, centers, m: n, k: d, n: k, transposeB: true)
        let norms = (0..<k).map { c in centers[(c * d)..<((c + 1) * d)].reduce(0) { $0 + $1 * $1 } }
        return (0..<n).map { i in
            var best = 0
            var bestValue = Double.infinity
            for c in 0..<k {
                let value = norms[c] - 2 * dots[i * k + c]
                if value < bestValue { (best, bestValue) = (c, value) }
            }
            return best
        }
    }

    /// M-step with scikit-learn's relocation of empty clusters.
    private func average(_ labels: [Int], k: Int, old: [Double]) -> [Double] {
        let (n, d) = (data.rows, data.columns)
        var sums = [Double](repeating: 0, count: k * d)
        var weights = [Double](repeating: 0, count: k)
        var members = labels
        // The hot loop of every iteration: raw pointers, no bounds checks.
        sums.withUnsafeMutableBufferPointer { sumBuffer in
            data.values.withUnsafeBufferPointer { valueBuffer in
                let total = sumBuffer.baseAddress!, values = valueBuffer.baseAddress!
                for i in 0..<n {
                    let target = total + labels[i] * d, source = values + i * d
                    for j in 0..<d { target[j] += source[j] }
                }
            }
        }
        for label in labels { weights[label] += 1 }
        let empty = (0..<k).filter { weights[$0] == 0 }
        if !empty.isEmpty {
            // The points farthest from their (old) centre each become an empty cluster's only member.
            let distances = (0..<n).map { i in
                (0..<d).reduce(0.0) { $0 + pow(data.values[i * d + $1] - old[labels[i] * d + $1], 2) }
            }
            let far = (0..<n).sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
            if distances[far[0]] > 0 {
                for (slot, cluster) in empty.enumerated() where slot < n {
                    let point = far[slot]
                    let from = members[point]
                    for j in 0..<d {
                        sums[from * d + j] -= data.values[point * d + j]
                        sums[cluster * d + j] = data.values[point * d + j]
                    }
                    weights[from] -= 1
                    weights[cluster] = 1
                    members[point] = cluster
                }
            }
        }
        var centers = sums
        for c in 0..<k {
            if weights[c] > 0 {
                for j in 0..<d { centers[c * d + j] /= weights[c] }
            } else {
                let heaviest = weights.indices.max { weights[$0] < weights[$1] }!
                for j in 0..<d { centers[c * d + j] = sums[heaviest * d + j] / max(weights[heaviest], 1) }
            }
        }
        return centers
    }

    private func inertia(_ labels: [Int], _ centers: [Double]) -> Double {
        let d = data.columns
        var total = 0.0
        centers.withUnsafeBufferPointer { centerBuffer in
            data.values.withUnsafeBufferPointer { valueBuffer in
                for (i, c) in labels.enumerated() {
                    let x = valueBuffer.baseAddress! + i * d, center = centerBuffer.baseAddress! + c * d
                    var sum = 0.0
                    for j in 0..<d { let diff = x[j] - center[j]; sum += diff * diff }
                    total += sum
                }
            }
        }
        return total
    }
}

import Foundation
