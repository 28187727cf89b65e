import Dispatch
import LinearAlgebra

/// The OPTICS ordering: core distances, then points taken in order of smallest reachability.
///
/// Distances use the direct formula √Σ(x−y)² in Double, summed in feature order, as scikit-learn's
/// default metric does; the GEMM expansion would break near-ties differently.
/// - Complexity: O(n²·d) time, O(n·d) memory; rows of distances are computed in parallel.
struct ReachabilityGraph {
    let points: Matrix
    let minSamples: Int
    let maxEps: Double

    struct Result: Equatable, Sendable {
        var ordering: [Int]
        var reachability: [Double]
        var coreDistances: [Double]
        var predecessor: [Int]
    }

    /// Above this many bytes the distance matrix is not kept; rows are computed twice instead.
    static let matrixBudget = 2 << 30

    func compute() -> Result {
        let n = points.rows
        let d = points.columns
        let distances = DirectDistances(points)
        // With many features a distance costs d operations: keep the matrix (one pass instead of two)
        // when it fits the budget. With few, recomputing rows is as cheap as reading them.
        let matrix: [Double]? = d >= 16 && n * n * 8 <= Self.matrixBudget ? distances.matrix() : nil
        let core = coreDistances(distances, matrix: matrix)

        var reachability = [Double](repeating: .infinity, count: n)
        var predecessor = [Int](repeating: -1, count: n)
        var ordering = [Int]()
        ordering.reserveCapacity(n)
        // Kept in ascending order: rows are read sequentially, and the first minimum found is the
        // smallest index, scikit-learn's tie rule.
        var unprocessed = Array(0..<n)
        var row = [Double](repeating: 0, count: n)
        var next = 0  // all reachabilities are +inf at first: the smallest index goes first
        for _ in 0..<n {
            let point = next
            ordering.append(point)
            unprocessed.remove(at: Self.position(of: point, in: unprocessed))
            guard !unprocessed.isEmpty else { break }
            if core[point].isFinite {
                if let matrix {
                    next = matrix.withUnsafeBufferPointer {
                        update(
                            from: point, core: core[point], row: $0.baseAddress! + point * n, unprocessed: unprocessed,
                            reachability: &reachability, predecessor: &predecessor)
                    }
                } else {
                    next = row.withUnsafeMutableBufferPointer { buffer in
                        Self.parallelRow(distances, from: point, into: buffer.baseAddress!)
                        return update(
                            from: point, core: core[point], row: UnsafePointer(buffer.baseAddress!), unprocessed: unprocessed,
                            reachability: &reachability, predecessor: &predecessor)
                    }
                }
            } else {
                next = unprocessed[0]
                for other in unprocessed where reachability[other] < reachability[next] { next = other }
            }
        }
        return Result(ordering: ordering, reachability: reachability, coreDistances: core, predecessor: predecessor)
    }

    /// scikit-learn's `_set_reach_dist`: r = round15(max(distance, core)), kept only if strictly smaller.
    /// Returns the next point: the smallest reachability among `unprocessed` (ascending), first on ties.
    private func update(
        from point: Int, core: Double, row: UnsafePointer<Double>, unprocessed: [Int],
        reachability: inout [Double], predecessor: inout [Int]
    ) -> Int {
        var next = unprocessed[0]
        var best = Double.infinity
        var first = true
        for other in unprocessed {
            let distance = row[other]
            var current = reachability[other]
            if distance <= maxEps {
                let candidate = max(distance, core)
                // Rounding to 15 decimals moves a value by far less than this margin: a candidate
                // above it cannot become smaller than the current reachability, so skip the rounding.
                if !(candidate > current + 1e-12 * max(1, candidate)) {
                    let r = round15(candidate)
                    if r < current {
                        reachability[other] = r
                        predecessor[other] = point
                        current = r
                    }
                }
            }
            if first || current < best { (next, best, first) = (other, current, false) }
        }
        return next
    }

    /// Index of `value` in an ascending array.
    private static func position(of value: Int, in sorted: [Int]) -> Int {
        var low = 0
        var high = sorted.count - 1
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// One row of distances, split across threads when it is long enough to pay for it.
    private static func parallelRow(_ distances: DirectDistances, from point: Int, into out: UnsafeMutablePointer<Double>) {
        let n = distances.count
        let parts = n * distances.dimensions >= 1 << 17 ? 4 : 1
        guard parts > 1 else {
            distances.distances(from: point, to: 0..<n, into: out)
            return
        }
        let target = SendablePointer(out)
        let step = ((n / parts) / DirectDistances.lanes + 1) * DirectDistances.lanes
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = min(n, part * step)..<min(n, (part + 1) * step)
            if !range.isEmpty { distances.distances(from: point, to: range, into: target.pointer + range.lowerBound) }
        }
    }

    /// Distance to the min_samples-th nearest point, the point itself counted; > max_eps → ∞; rounded.
    private func coreDistances(_ distances: DirectDistances, matrix: [Double]?) -> [Double] {
        let n = distances.count
        let k = minSamples - 1
        let maxEps = maxEps
        return Parallel.map(n, makeScratch: { [Double](repeating: 0, count: n) }) { i, row in
            var value: Double
            if let matrix {
                value = matrix.withUnsafeBufferPointer { Self.kthSmallest($0.baseAddress! + i * n, count: n, k: k) }
            } else {
                value = row.withUnsafeMutableBufferPointer {
                    distances.distances(from: i, to: 0..<n, into: $0.baseAddress!)
                    return Self.kthSmallest($0.baseAddress!, count: n, k: k)
                }
            }
            if value > maxEps { value = .infinity }
            return round15(value)
        }
    }

    /// The k-th smallest value (0-based) of `count` values, without changing them: a sorted buffer of the
    /// k + 1 smallest so far, which most values fail to enter after one comparison.
    static func kthSmallest(_ values: UnsafePointer<Double>, count: Int, k: Int) -> Double {
        guard k < 256 else {
            var copy = Array(UnsafeBufferPointer(start: values, count: count))
            return kthSmallest(&copy, k: k)
        }
        var best = [Double](repeating: .infinity, count: k + 1)
        best.withUnsafeMutableBufferPointer { buffer in
            let top = buffer.baseAddress!
            for i in 0..<count {
                let v = values[i]
                guard v < top[k] else { continue }
                var slot = k
                while slot > 0 && top[slot - 1] > v {
                    top[slot] = top[slot - 1]
                    slot -= 1
                }
                top[slot] = v
            }
        }
        return best[k]
    }

    /// The k-th smallest value (0-based) by quickselect; reorders `values`.
    static func kthSmallest(_ values: inout [Double], k: Int) -> Double {
        var low = 0
        var high = values.count - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return values[k] }
        }
        return values[k]
    }
}
