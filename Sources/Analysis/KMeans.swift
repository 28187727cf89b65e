import LinearAlgebra

/// k-means with scikit-learn's algorithm (`sklearn.cluster.KMeans`, Lloyd; docs/algorithms.md, "k-means and the elbow"):
/// data centred first, greedy k-means++ seeding drawn from NumPy's `RandomState(seed)` stream,
/// Lloyd iterations with the same tolerance and convergence rules, best of `initCount` runs.
/// Given the same data (as float64) and `random_state`, the labels are scikit-learn's.
public struct KMeans: Sendable, Equatable {
    public var clusterCount: Int
    /// Number of runs with different seeds; the one with the lowest inertia is kept (`n_init`).
    public var initCount: Int
    public var maxIterations: Int
    /// Relative tolerance on the squared centre shift (`tol`), scaled by the mean feature variance.
    public var tolerance: Double
    /// scikit-learn's `random_state`.
    public var seed: UInt32

    /// scikit-learn's defaults (`n_clusters=8`, `n_init='auto'` = 1 for k-means++, `max_iter=300`, `tol=1e-4`).
    public static let defaultClusterCount = 8
    public static let defaultInitCount = 1
    public static let defaultMaxIterations = 300
    public static let defaultTolerance = 1e-4

    public init(
        clusterCount: Int = defaultClusterCount, initCount: Int = defaultInitCount, maxIterations: Int = defaultMaxIterations,
        tolerance: Double = defaultTolerance, seed: UInt32 = 0
    ) {
        (self.clusterCount, self.initCount, self.maxIterations, self.tolerance, self.seed) =
            (clusterCount, initCount, maxIterations, tolerance, seed)
    }

    /// The fitted clustering of `x` (n × d).
    public func fit(_ x: Matrix) throws(KMeansError) -> Fitted {
        let (n, d) = (x.rows, x.columns)
        guard clusterCount >= 1 else { throw .invalidClusterCount(clusterCount) }
        guard n >= clusterCount else { throw .tooFewSamples(samples: n, clusters: clusterCount) }
        guard initCount >= 1, maxIterations >= 1 else { throw .invalidSettings }
        if let bad = x.firstNonFinite { throw .nonFinite(row: bad.row, column: bad.column) }

        let data = CenteredData(x)
        let absoluteTolerance = tolerance * data.meanVariance
        var random = NumPyRandomState(seed: seed)
        var best: Run?
        for _ in 0..<initCount {
            let initial = KMeansPlusPlus(data: data, clusterCount: clusterCount).seed(&random)
            let run = Lloyd(data: data, maxIterations: maxIterations, tolerance: absoluteTolerance).run(from: initial)
            if let current = best {
                if run.inertia < current.inertia && !Self.samePartition(run.labels, current.labels, k: clusterCount) {
                    best = run
                }
            } else {
                best = run
            }
        }
        let run = best!
        var centers = run.centers
        for c in 0..<clusterCount { for j in 0..<d { centers[c * d + j] += data.mean[j] } }
        return Fitted(labels: run.labels, centers: centers, featureCount: d, inertia: run.inertia, iterations: run.iterations)
    }

    struct Run {
        var labels: [Int]
        var centers: [Double]
        var inertia: Double
        var iterations: Int
    }

    /// Whether two labelings are the same partition up to renaming (scikit-learn's `_is_same_clustering`).
    static func samePartition(_ a: [Int], _ b: [Int], k: Int) -> Bool {
        var mapping = [Int](repeating: -1, count: k)
        for (x, y) in zip(a, b) {
            if mapping[x] == -1 { mapping[x] = y } else if mapping[x] != y { return false }
        }
        return true
    }

    /// The result of a fit.
    public struct Fitted: Sendable, Equatable {
        /// Cluster of each sample, 0 … k − 1.
        public let labels: [Int]
        /// Cluster centres in the input's coordinates, row-major k × d.
        public let centers: [Double]
        public let featureCount: Int
        /// Sum of squared distances of samples to their centre.
        public let inertia: Double
        /// Lloyd iterations of the kept run (`n_iter_`).
        public let iterations: Int

        public var clusterCount: Int { centers.count / max(featureCount, 1) }
    }
}

/// Why k-means could not run.
public enum KMeansError: Error, Equatable, CustomStringConvertible {
    case invalidClusterCount(Int)
    case tooFewSamples(samples: Int, clusters: Int)
    case nonFinite(row: Int, column: Int)
    case invalidSettings

    public var description: String {
        switch self {
        case .invalidClusterCount(let k): "n_clusters must be at least 1, got \(k)"
        case .tooFewSamples(let n, let k): "n_clusters = \(k) but there are only \(n) samples; use at most \(n) clusters"
        case .nonFinite(let r, let c): "the input has a NaN or infinite value at row \(r), column \(c); remove or impute it first"
        case .invalidSettings: "n_init and max_iter must be at least 1"
        }
    }
}

/// Data centred by its column means, in Double, with squared row norms (as scikit-learn prepares it).
struct CenteredData {
    let values: [Double]
    let rows: Int
    let columns: Int
    let mean: [Double]
    let squaredNorms: [Double]
    /// Mean over features of the population variance.
    let meanVariance: Double

    init(_ x: Matrix) {
        (rows, columns) = (x.rows, x.columns)
        var mean = [Double](repeating: 0, count: columns)
        for r in 0..<rows { for c in 0..<columns { mean[c] += Double(x[r, c]) } }
        for c in 0..<columns { mean[c] /= Double(max(rows, 1)) }
        var values = [Double](repeating: 0, count: rows * columns)
        var norms = [Double](repeating: 0, count: rows)
        var variance = [Double](repeating: 0, count: columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let v = Double(x[r, c]) - mean[c]
                values[r * columns + c] = v
                norms[r] += v * v
                variance[c] += v * v
            }
        }
        self.values = values
        self.mean = mean
        squaredNorms = norms
        meanVariance = variance.reduce(0, +) / Double(max(rows, 1)) / Double(max(columns, 1))
    }

    func row(_ r: Int) -> ArraySlice<Double> { values[(r * columns)..<((r + 1) * columns)] }
}
