import Dispatch
import LinearAlgebra

/// Silhouette coefficients with Euclidean distances (scikit-learn's `silhouette_samples` and
/// `silhouette_score`; docs: ALGORITHMS.md §4, facts 6–7).
/// - Complexity: O(n²·d); rows in parallel.
public enum Silhouette {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case labelCount(distinct: Int, samples: Int)
        case lengthMismatch
        public var description: String {
            switch self {
            case .labelCount(let k, let n): "the silhouette needs 2 to n − 1 distinct labels (n = \(n)); got \(k)"
            case .lengthMismatch: "the labels and the points differ in number"
            }
        }
    }

    /// s(i) = (b − a) / max(a, b) per sample; 0 for members of singleton clusters.
    public static func samples(_ x: Matrix, labels: [Int]) throws(Failure) -> [Double] {
        let n = x.rows, d = x.columns
        guard labels.count == n else { throw .lengthMismatch }
        let classes = Array(Set(labels)).sorted()
        guard classes.count >= 2, classes.count <= n - 1 else { throw .labelCount(distinct: classes.count, samples: n) }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let clusterOf = labels.map { index[$0]! }
        var counted = [Int](repeating: 0, count: classes.count)
        for c in clusterOf { counted[c] += 1 }
        let sizes = counted
        let data = x.storage.map(Double.init)
        let k = classes.count
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { buffer.deallocate() }
        let out = SendablePointer(buffer.baseAddress!)
        let chunks = min(n, 64)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var sums = [Double](repeating: 0, count: k)
            for i in stride(from: chunk, to: n, by: chunks) {
                for c in 0..<k { sums[c] = 0 }
                for j in 0..<n where j != i {
                    var s = 0.0
                    for t in 0..<d { let diff = data[i * d + t] - data[j * d + t]; s += diff * diff }
                    sums[clusterOf[j]] += s.squareRoot()
                }
                let own = clusterOf[i]
                guard sizes[own] > 1 else { out.pointer[i] = 0; continue }
                let a = sums[own] / Double(sizes[own] - 1)
                var b = Double.infinity
                for c in 0..<k where c != own { b = min(b, sums[c] / Double(sizes[c])) }
                let value = (b - a) / max(a, b)
                out.pointer[i] = value.isNaN ? 0 : value
            }
        }
        return Array(buffer)
    }

    /// The mean silhouette over all samples.
    public static func score(_ x: Matrix, labels: [Int]) throws(Failure) -> Double {
        let values = try samples(x, labels: labels)
        return values.reduce(0, +) / Double(values.count)
    }
}
