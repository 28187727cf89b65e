import LinearAlgebra

/// Silhouette coefficients with Euclidean distances (scikit-learn's `silhouette_samples` and
/// `silhouette_score`; docs/algorithms.md, "Agreement and silhouette").
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
        let n = x.rows
        guard labels.count == n else { throw .lengthMismatch }
        let classes = Array(Set(labels)).sorted()
        guard classes.count >= 2, classes.count <= n - 1 else { throw .labelCount(distinct: classes.count, samples: n) }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let clusterOf = labels.map { index[$0]! }
        var counted = [Int](repeating: 0, count: classes.count)
        for c in clusterOf { counted[c] += 1 }
        let sizes = counted
        let distances = DirectDistances(x)
        let k = classes.count
        return Parallel.map(n, makeScratch: { ([Double](repeating: 0, count: n), [Double](repeating: 0, count: k)) }) { i, scratch in
            scratch.0.withUnsafeMutableBufferPointer { distances.distances(from: i, to: 0..<n, into: $0.baseAddress!) }
            for c in 0..<k { scratch.1[c] = 0 }
            for j in 0..<n where j != i { scratch.1[clusterOf[j]] += scratch.0[j] }
            let own = clusterOf[i]
            guard sizes[own] > 1 else { return 0 }
            let a = scratch.1[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for c in 0..<k where c != own { b = min(b, scratch.1[c] / Double(sizes[c])) }
            let value = (b - a) / max(a, b)
            return value.isNaN ? 0 : value
        }
    }

    /// The mean silhouette over all samples.
    public static func score(_ x: Matrix, labels: [Int]) throws(Failure) -> Double {
        let values = try samples(x, labels: labels)
        return values.reduce(0, +) / Double(values.count)
    }
}
