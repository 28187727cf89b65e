import Foundation
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
            if labels == previous {
                strict = true
                break
            }
            if shift <= tolerance { break }
            previous = labels
            iteration += 1
        }
        if !strict { labels = assign(centers, k: k) }
        return KMeans.Run(labels: labels, centers: centers, inertia: inertia(labels, centers), iterations: min(iteration + 1, maxIterations))
    }

    /// Rows per assignment GEMM: the block (256 × d) stays in the core's cache, as scikit-learn's chunks
    /// do; one product over all rows spent most of its time packing the whole data matrix every iteration.
    static let assignmentRows = 256
    /// Blocks of rows whose sums the M-step adds in parallel, then in block order: a fixed count, so the
    /// sums do not depend on the number of cores.
    static let sumBlocks = 16

    /// E-step: nearest centre by ‖c‖² − 2x·c; the first one on ties. Blocks of rows run in parallel.
    func assign(_ centers: [Double], k: Int) -> [Int] {
        let (n, d) = (data.rows, data.columns)
        let norms = (0..<k).map { c in centers[(c * d)..<((c + 1) * d)].reduce(0) { $0 + $1 * $1 } }
        var labels = [Int](repeating: 0, count: n)
        labels.withUnsafeMutableBufferPointer { out in
            data.values.withUnsafeBufferPointer { values in
                centers.withUnsafeBufferPointer { centerValues in
                    let (labelsOut, x) = (SendablePointer(out.baseAddress!), SendablePointer(UnsafeMutablePointer(mutating: values.baseAddress!)))
                    let c = SendablePointer(UnsafeMutablePointer(mutating: centerValues.baseAddress!))
                    Parallel.forEachBlock(of: n, size: Self.assignmentRows) { _, rows in
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: rows.count * k) { dots in
                            BLAS.dgemm(
                                transposeB: true, m: rows.count, n: k, k: d, x.pointer + rows.lowerBound * d, lda: d,
                                c.pointer, ldb: d, dots.baseAddress!, ldc: k)
                            for (offset, i) in rows.enumerated() {
                                var best = 0
                                var bestValue = Double.infinity
                                for cluster in 0..<k {
                                    let value = norms[cluster] - 2 * dots[offset * k + cluster]
                                    if value < bestValue { (best, bestValue) = (cluster, value) }
                                }
                                labelsOut.pointer[i] = best
                            }
                        }
                    }
                }
            }
        }
        return labels
    }

    /// M-step with scikit-learn's relocation of empty clusters.
    private func average(_ labels: [Int], k: Int, old: [Double]) -> [Double] {
        let (n, d) = (data.rows, data.columns)
        var sums = [Double](repeating: 0, count: k * d)
        var weights = [Double](repeating: 0, count: k)
        var members = labels
        // The hot loop of every iteration: raw pointers, no bounds checks; `sumBlocks` blocks of rows in
        // parallel, each into its own sums, added in block order.
        let rowsPerBlock = max(1, (n + Self.sumBlocks - 1) / Self.sumBlocks)
        let blocks = (n + rowsPerBlock - 1) / rowsPerBlock
        var partial = [Double](repeating: 0, count: blocks * k * d)
        partial.withUnsafeMutableBufferPointer { partialBuffer in
            data.values.withUnsafeBufferPointer { valueBuffer in
                labels.withUnsafeBufferPointer { labelBuffer in
                    let (out, x) = (
                        SendablePointer(partialBuffer.baseAddress!), SendablePointer(UnsafeMutablePointer(mutating: valueBuffer.baseAddress!))
                    )
                    let label = SendablePointer(UnsafeMutablePointer(mutating: labelBuffer.baseAddress!))
                    Parallel.forEachBlock(of: n, size: rowsPerBlock) { block, rows in
                        let total = out.pointer + block * k * d
                        for i in rows {
                            let target = total + label.pointer[i] * d
                            let source = x.pointer + i * d
                            for j in 0..<d { target[j] += source[j] }
                        }
                    }
                }
            }
        }
        for block in 0..<blocks {
            for i in 0..<(k * d) { sums[i] += partial[block * k * d + i] }
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
                    let x = valueBuffer.baseAddress! + i * d
                    let center = centerBuffer.baseAddress! + c * d
                    var sum = 0.0
                    for j in 0..<d {
                        let diff = x[j] - center[j]
                        sum += diff * diff
                    }
                    total += sum
                }
            }
        }
        return total
    }
}
