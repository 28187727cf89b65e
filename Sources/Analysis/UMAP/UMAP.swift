import Foundation
import LinearAlgebra

/// Uniform Manifold Approximation and Projection as umap-learn defines it (docs/algorithms.md, "UMAP"),
/// with exact k-nearest neighbours at every size. Same seed → same embedding, bit for bit.
public struct UMAP: Sendable, Equatable {
    public enum Initialization: String, Sendable, CaseIterable { case spectral, random }

    public var components = 2
    /// Neighbours per point, the point itself counted (umap-learn's `n_neighbors`).
    public var neighbors = 15
    public var minDist = 0.1
    public var spread = 1.0
    public var metric = NearestNeighbors.Metric.euclidean
    /// `nil`: 500 when n ≤ 10 000, else 200.
    public var epochs: Int?
    public var learningRate = 1.0
    public var negativeSampleRate = 5.0
    public var repulsionStrength = 1.0
    public var setOpMixRatio = 1.0
    public var localConnectivity = 1.0
    public var initialization = Initialization.spectral
    public var seed: UInt64 = 0

    public init() {}

    /// The fitted embedding and what it was built from.
    public struct Fitted: Sendable {
        /// n × components.
        public let embedding: Matrix
        public let graph: SparseGraph
        public let curve: CurveParameters
        public let epochs: Int
        /// Whether the spectral initialisation fell back to random (solver did not converge).
        public let usedRandomInitialization: Bool
    }

    /// The fuzzy neighbour graph of `x`, pruned for the layout: all of a fit that does not depend on the
    /// number of components, so a sweep over dimensions builds it once.
    public struct PreparedGraph: Sendable {
        public let graph: SparseGraph
        public let epochs: Int
        let samples: Int
    }

    public func fit(_ x: Matrix) throws(UMAPError) -> Fitted {
        try layout(try prepare(x))
    }

    /// The k-NN graph and fuzzy simplicial set of `x` (options: neighbours, metric, connectivity, epochs).
    public func prepare(_ x: Matrix) throws(UMAPError) -> PreparedGraph {
        let n = x.rows
        guard n >= 3 else { throw .tooFewSamples(n) }
        guard neighbors >= 2 else { throw .invalidNeighbors(neighbors) }
        guard neighbors <= n else { throw .moreNeighborsThanSamples(neighbors: neighbors, samples: n) }
        if let bad = x.firstNonFinite { throw .nonFinite(row: bad.row, column: bad.column) }
        let knn = NearestNeighbors(metric: metric).graph(x, k: neighbors)
        let graph = FuzzySimplicialSet(neighbors: knn, localConnectivity: localConnectivity, setOpMixRatio: setOpMixRatio).graph()
        let epochCount = epochs ?? (n <= 10_000 ? 500 : 200)
        return PreparedGraph(
            graph: Self.pruned(graph, epochs: epochCount > 10 ? epochCount : (n <= 10_000 ? 500 : 200)),
            epochs: epochCount, samples: n)
    }

    /// The embedding of a prepared graph in `components` dimensions: spectral start and layout. `prepared`
    /// must come from `prepare` with the same neighbour options; the result is that of `fit`, on any
    /// number of `threads` (fewer than the cores when other layouts run beside it).
    public func layout(_ prepared: PreparedGraph, threads: Int = Parallel.cores) throws(UMAPError) -> Fitted {
        let (n, graph, epochCount) = (prepared.samples, prepared.graph, prepared.epochs)
        guard components >= 1, components < n else { throw .invalidComponents(components, samples: n) }
        guard minDist >= 0, spread > 0, minDist <= spread else { throw .invalidMinDist(minDist: minDist, spread: spread) }
        var random = SeededGenerator(seed: seed)
        var initial: [Double]?
        if initialization == .spectral { initial = SpectralLayout(graph: graph, dimensions: components).embedding(random: &random) }
        let fellBack = initialization == .spectral && initial == nil
        var start =
            initial.map { Self.noisy($0, random: &random) }
            ?? (0..<(n * components)).map { _ in Float(random.nextUnit() * 20 - 10) }
        Self.rescaleColumns(&start, dimensions: components)
        let curve = CurveParameters(minDist: minDist, spread: spread)
        var optimizer = LayoutOptimizer(
            graph: graph, curve: curve, epochs: epochCount, learningRate: learningRate,
            negativeSampleRate: negativeSampleRate, repulsionStrength: repulsionStrength)
        optimizer.threads = threads
        optimizer.optimize(&start, dimensions: components, random: &random)
        return Fitted(
            embedding: Matrix(rows: n, columns: components, storage: start), graph: graph, curve: curve,
            epochs: epochCount, usedRandomInitialization: fellBack)
    }

    /// Edges lighter than max/epochs would never be sampled: umap-learn drops them before the layout.
    static func pruned(_ graph: SparseGraph, epochs: Int) -> SparseGraph {
        guard let largest = graph.weights.max() else { return graph }
        let threshold = largest / Float(epochs)
        var entries = [(row: Int, column: Int, weight: Float)]()
        for i in 0..<graph.count {
            for e in graph.rowStart[i]..<graph.rowStart[i + 1] where graph.weights[e] >= threshold {
                entries.append((i, graph.columns[e], graph.weights[e]))
            }
        }
        return SparseGraph(count: graph.count, entries: entries)
    }

    /// Scaled so the largest |coordinate| is 10, in Float, plus Gaussian noise of σ = 1e-4.
    static func noisy(_ values: [Double], random: inout SeededGenerator) -> [Float] {
        let largest = values.map(abs).max() ?? 1
        let expansion = largest > 0 ? 10 / largest : 1
        return values.map { v in
            let u1 = max(random.nextUnit(), 1e-300)
            let u2 = random.nextUnit()
            let gaussian = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            return Float(v * expansion) + Float(gaussian * 1e-4)
        }
    }

    /// Each column min–max scaled to [0, 10].
    static func rescaleColumns(_ values: inout [Float], dimensions: Int) {
        let n = values.count / dimensions
        for d in 0..<dimensions {
            var (low, high) = (Float.infinity, -Float.infinity)
            for i in 0..<n {
                low = min(low, values[i * dimensions + d])
                high = max(high, values[i * dimensions + d])
            }
            let range = high - low
            for i in 0..<n { values[i * dimensions + d] = range > 0 ? 10 * (values[i * dimensions + d] - low) / range : 0 }
        }
    }
}

/// Why UMAP could not run.
public enum UMAPError: Error, Equatable, CustomStringConvertible {
    case tooFewSamples(Int)
    case invalidNeighbors(Int)
    case moreNeighborsThanSamples(neighbors: Int, samples: Int)
    case invalidComponents(Int, samples: Int)
    case invalidMinDist(minDist: Double, spread: Double)
    case nonFinite(row: Int, column: Int)

    public var description: String {
        switch self {
        case .tooFewSamples(let n): "UMAP needs at least 3 samples, got \(n)"
        case .invalidNeighbors(let k): "n_neighbors must be at least 2, got \(k)"
        case .moreNeighborsThanSamples(let k, let n):
            "n_neighbors = \(k) but there are only \(n) samples; use n_neighbors ≤ \(n) (the point itself counts)"
        case .invalidComponents(let c, let n): "n_components must lie in 1…\(n - 1), got \(c)"
        case .invalidMinDist(let m, let s): "min_dist must lie in [0, spread]; got min_dist \(m), spread \(s)"
        case .nonFinite(let r, let c): "the input has a NaN or infinite value at row \(r), column \(c); remove or impute it first"
        }
    }
}
