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

    func compute() -> Result {
        let n = points.rows, d = points.columns
        let data = points.storage.map(Double.init)
        let core = coreDistances(data, n: n, d: d)

        var reachability = [Double](repeating: .infinity, count: n)
        var predecessor = [Int](repeating: -1, count: n)
        var processed = [Bool](repeating: false, count: n)
        var ordering = [Int]()
        ordering.reserveCapacity(n)
        var unprocessed = Array(0..<n)
        var distances = [Double](repeating: 0, count: n)
        var next = 0  // the smallest (reachability, index) among unprocessed; all are +inf at first
        for _ in 0..<n {
            let point = next
            processed[point] = true
            ordering.append(point)
            if let slot = unprocessed.firstIndex(of: point) { unprocessed.swapAt(slot, unprocessed.count - 1); unprocessed.removeLast() }
            guard !unprocessed.isEmpty else { break }
            if core[point].isFinite {
                rowDistances(from: point, to: unprocessed, data, d: d, into: &distances)
                for (slot, other) in unprocessed.enumerated() {
                    let distance = distances[slot]
                    guard distance <= maxEps else { continue }
                    let r = round15(max(distance, core[point]))
                    if r < reachability[other] {
                        reachability[other] = r
                        predecessor[other] = point
                    }
                }
            }
            next = unprocessed[0]
            for other in unprocessed.dropFirst() {
                if reachability[other] < reachability[next] || (reachability[other] == reachability[next] && other < next) {
                    next = other
                }
            }
        }
        return Result(ordering: ordering, reachability: reachability, coreDistances: core, predecessor: predecessor)
    }

    /// Distance to the min_samples-th nearest point, the point itself counted; > max_eps → ∞; rounded.
    private func coreDistances(_ data: [Double], n: Int, d: Int) -> [Double] {
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { buffer.deallocate() }
        let result = UnsafeMutableSendablePointer(buffer.baseAddress!)
        let chunks = min(n, 64)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var row = [Double](repeating: 0, count: n)
            let all = Array(0..<n)
            for i in stride(from: chunk, to: n, by: chunks) {
                data.withUnsafeBufferPointer { buffer in Self.distances(from: i, to: all, buffer, d: d, into: &row) }
                var value = Self.kthSmallest(&row, k: minSamples - 1)
                if value > maxEps { value = .infinity }
                result.pointer[i] = round15(value)
            }
        }
        return Array(buffer)
    }

    private func rowDistances(from point: Int, to others: [Int], _ data: [Double], d: Int, into out: inout [Double]) {
        let count = others.count
        // Split long rows across threads; short ones are not worth the hand-off.
        let parts = count * d >= 200_000 ? 8 : 1
        if parts == 1 {
            data.withUnsafeBufferPointer { Self.distances(from: point, to: others, $0, d: d, into: &out) }
            return
        }
        out.withUnsafeMutableBufferPointer { destination in
            let target = UnsafeMutableSendablePointer(destination.baseAddress!)
            data.withUnsafeBufferPointer { buffer in
                let source = UnsafeSendablePointer(buffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let range = (count * part / parts)..<(count * (part + 1) / parts)
                    let x = source.pointer + point * d
                    for slot in range {
                        let y = source.pointer + others[slot] * d
                        var sum = 0.0
                        for j in 0..<d { let diff = x[j] - y[j]; sum += diff * diff }
                        target.pointer[slot] = sum.squareRoot()
                    }
                }
            }
        }
    }

    private static func distances(from point: Int, to others: [Int], _ data: UnsafeBufferPointer<Double>, d: Int,
                                  into out: inout [Double]) {
        let base = data.baseAddress!
        let x = base + point * d
        for (slot, other) in others.enumerated() {
            let y = base + other * d
            var sum = 0.0
            for j in 0..<d { let diff = x[j] - y[j]; sum += diff * diff }
            out[slot] = sum.squareRoot()
        }
    }

    /// The k-th smallest value (0-based) by quickselect; reorders `values`.
    static func kthSmallest(_ values: inout [Double], k: Int) -> Double {
        var low = 0, high = values.count - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return values[k] }
        }
        return values[k]
    }
}

/// Raw pointers handed to concurrent workers that write disjoint ranges.
struct UnsafeMutableSendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
}

struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<Double>
    init(_ pointer: UnsafePointer<Double>) { self.pointer = pointer }
}
