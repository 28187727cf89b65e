import Dispatch
import LinearAlgebra

/// OPTICS ordering and cluster extraction with scikit-learn's definitions (`sklearn.cluster.OPTICS`;
/// docs/algorithms.md, "OPTICS"): direct Euclidean distances in Double, core distances and reachabilities
/// rounded to 15 decimals, smallest index first on ties, ξ-extraction with predecessor correction.
public struct OPTICS: Sendable, Equatable {
    /// A count of samples, or a fraction of n (scikit-learn: a float ≤ 1).
    public enum Size: Sendable, Equatable {
        case count(Int)
        case fraction(Double)

        func resolve(_ n: Int, name: String) throws(OPTICSError) -> Int {
            switch self {
            case .count(let c):
                guard c >= 2 else { throw .invalidSize(name: name, detail: "must be at least 2, got \(c)") }
                guard c <= n else { throw .invalidSize(name: name, detail: "= \(c) is larger than the \(n) samples") }
                return c
            case .fraction(let f):
                guard f > 0, f <= 1 else { throw .invalidSize(name: name, detail: "as a fraction must lie in (0, 1], got \(f)") }
                return max(2, Int(f * Double(n)))
            }
        }
    }

    public enum Extraction: Sendable, Equatable {
        /// Steep-area extraction; `minClusterSize` nil = min_samples.
        case xi(xi: Double, minClusterSize: Size?, predecessorCorrection: Bool)
        /// DBSCAN-like cut at `eps` (nil = max_eps).
        case dbscan(eps: Double?)
    }

    public var minSamples: Size
    public var maxEps: Double
    public var extraction: Extraction

    /// scikit-learn's defaults: `min_samples=5`, `xi=0.05`, `predecessor_correction=True`, `max_eps=inf`.
    public static let defaultMinSamples = Size.count(5)
    public static let defaultXi = 0.05
    public static let defaultPredecessorCorrection = true

    public init(
        minSamples: Size = defaultMinSamples, maxEps: Double = .infinity,
        extraction: Extraction = .xi(xi: defaultXi, minClusterSize: nil, predecessorCorrection: defaultPredecessorCorrection)
    ) {
        (self.minSamples, self.maxEps, self.extraction) = (minSamples, maxEps, extraction)
    }

    public func fit(_ x: Matrix) throws(OPTICSError) -> Fitted {
        let n = x.rows
        guard n >= 2 else { throw .tooFewSamples(n) }
        if let bad = x.firstNonFinite { throw .nonFinite(row: bad.row, column: bad.column) }
        guard maxEps > 0 else { throw .invalidMaxEps(maxEps) }
        let k = try minSamples.resolve(n, name: "min_samples")
        let graph = ReachabilityGraph(points: x, minSamples: k, maxEps: maxEps).compute()
        switch extraction {
        case .dbscan(let eps):
            let cut = eps ?? maxEps
            guard cut <= maxEps else { throw .epsAboveMaxEps(eps: cut, maxEps: maxEps) }
            return Fitted(graph: graph, labels: XiExtraction.dbscanLabels(graph, eps: cut), clusterHierarchy: [])
        case .xi(let xi, let minClusterSize, let correction):
            guard xi > 0, xi < 1 else { throw .invalidXi(xi) }
            let size = try (minClusterSize ?? .count(k)).resolve(n, name: "min_cluster_size")
            let clusters = XiExtraction(
                graph: graph, xi: xi, minSamples: k, minClusterSize: size,
                predecessorCorrection: correction
            ).clusters()
            return Fitted(graph: graph, labels: XiExtraction.labels(clusters, ordering: graph.ordering), clusterHierarchy: clusters)
        }
    }

    /// The OPTICS result; per-sample arrays are indexed by sample, `ordering` lists samples in processing order.
    public struct Fitted: Sendable, Equatable {
        public let ordering: [Int]
        public let reachability: [Double]
        public let coreDistances: [Double]
        /// The sample each one was reached from, −1 for the first of each seed.
        public let predecessor: [Int]
        /// Cluster of each sample, −1 = noise.
        public let labels: [Int]
        /// ξ clusters as inclusive ranges of ordering positions, nested ones before their parents.
        public let clusterHierarchy: [ClosedRange<Int>]

        init(graph: ReachabilityGraph.Result, labels: [Int], clusterHierarchy: [ClosedRange<Int>]) {
            ordering = graph.ordering
            reachability = graph.reachability
            coreDistances = graph.coreDistances
            predecessor = graph.predecessor
            self.labels = labels
            self.clusterHierarchy = clusterHierarchy
        }

        public var clusterCount: Int { (labels.max() ?? -1) + 1 }
    }
}

/// Why OPTICS could not run.
public enum OPTICSError: Error, Equatable, CustomStringConvertible {
    case tooFewSamples(Int)
    case nonFinite(row: Int, column: Int)
    case invalidSize(name: String, detail: String)
    case invalidXi(Double)
    case invalidMaxEps(Double)
    case epsAboveMaxEps(eps: Double, maxEps: Double)

    public var description: String {
        switch self {
        case .tooFewSamples(let n): "OPTICS needs at least 2 samples, got \(n)"
        case .nonFinite(let r, let c): "the input has a NaN or infinite value at row \(r), column \(c); remove or impute it first"
        case .invalidSize(let name, let detail): "\(name) \(detail)"
        case .invalidXi(let xi): "xi must lie strictly between 0 and 1, got \(xi)"
        case .invalidMaxEps(let e): "max_eps must be positive, got \(e)"
        case .epsAboveMaxEps(let eps, let maxEps): "eps = \(eps) must not exceed max_eps = \(maxEps)"
        }
    }
}

/// numpy `around(x, 15)`: x·10¹⁵ rounded half to even, divided back.
@inline(__always) func round15(_ x: Double) -> Double {
    guard x.isFinite else { return x }
    return (x * 1e15).rounded(.toNearestOrEven) / 1e15
}
