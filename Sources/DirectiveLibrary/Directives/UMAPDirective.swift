import Analysis
import LinearAlgebra
import ReportEngine

/// `umap`: a UMAP embedding with umap-learn's parameters and defaults.
struct UMAPDirective: TypedDirective {
    let name = "umap"
    let summary = "UMAP embedding (umap-learn's algorithm and defaults, exact neighbours); the same seed gives the same bits."
    let version = 4  // 4: the layout in tiles of parts (tails moved in place, no move queues)
    let amplifiesRounding = true
    let output = OutputKind.none
    let shownByDefault = false
    let isRandom = true
    var ownSeed: (any OptionKey)? { Self.seed }

    /// umap-learn's defaults, as `UMAP` declares them.
    private static let defaults = UMAP()

    static let input = InputOption.reference("input", accepts: [.matrix], required: true, doc: "the points to embed")
    static let components = Option<Int>("n_components", .int(1...1000), default: defaults.components, doc: "dimensions of the embedding")
    static let neighbors = Option<Int>(
        "n_neighbors", .int(2...10_000), default: defaults.neighbors, doc: "neighbours per point, the point itself counted")
    static let minDist = Option<Double>("min_dist", .number(0...10), default: defaults.minDist, doc: "how tightly points may pack")
    static let spread = Option<Double>("spread", .number(0.01...100), default: defaults.spread, doc: "scale of the embedded points")
    static let metric = Option<NearestNeighbors.Metric>("metric", default: defaults.metric, doc: "distance in the input space")
    static let epochs = Option<Int?>("n_epochs", .int(1...100_000), doc: "optimisation epochs; default 500 when n ≤ 10 000, else 200")
    static let learningRate = Option<Double>("learning_rate", .number(0.0001...100), default: defaults.learningRate, doc: "initial SGD step")
    static let negativeSampleRate = Option<Int>(
        "negative_sample_rate", .int(0...1000), default: Int(defaults.negativeSampleRate),
        doc: "repulsive samples per attractive one")
    static let repulsionStrength = Option<Double>(
        "repulsion_strength", .number(0...100), default: defaults.repulsionStrength,
        doc: "weight of the repulsion (gamma)")
    static let setOpMixRatio = Option<Double>(
        "set_op_mix_ratio", .number(0...1), default: defaults.setOpMixRatio,
        doc: "1 = fuzzy union, 0 = fuzzy intersection")
    static let localConnectivity = Option<Double>(
        "local_connectivity", .number(0...100), default: defaults.localConnectivity,
        doc: "neighbours assumed connected")
    static let initialization = Option<UMAP.Initialization>("init", default: defaults.initialization, doc: "initial layout")
    static let seed = Option<Int?>("seed", .int(0...Int.max), doc: "random seed; default derived from the template's seed")

    var options: [OptionSpec] {
        OptionSpec.of([
            Self.input, Self.components, Self.neighbors, Self.minDist, Self.spread, Self.metric, Self.epochs, Self.learningRate,
            Self.negativeSampleRate, Self.repulsionStrength, Self.setOpMixRatio, Self.localConnectivity, Self.initialization, Self.seed,
        ])
    }

    struct Result: DirectiveResult {
        var embedding: ItemMatrix
        var componentCount: Int
        var neighbors: Int
        var minDist: Double
        var epochs: Int
        var graphEdges: Int
        var graphComponents: Int
        var a: Double
        var b: Double
        var randomInitFallback: Bool

        static let primary: String? = "embedding"
        static var fields: [ResultField<Result>] {
            [
                .init("embedding", \.embedding, doc: "the items in the embedding (items × n_components), columns UMAP1, UMAP2, …"),
                .init("n_components", \.componentCount, doc: "dimensions of the embedding"),
                .init("n_neighbors", \.neighbors, doc: "neighbours per point used"),
                .init("min_dist", \.minDist, doc: "min_dist used"),
                .init("n_epochs", \.epochs, doc: "optimisation epochs run"),
                .init("graph_edges", \.graphEdges, doc: "edges of the fuzzy neighbour graph"),
                .init("graph_components", \.graphComponents, doc: "its connected components"),
                .init("a", \.a, doc: "the curve parameter a fitted to min_dist and spread"),
                .init("b", \.b, doc: "the curve parameter b"),
                .init("random_init_fallback", \.randomInitFallback, doc: "whether the spectral initialisation fell back to random"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (embedding, componentCount, neighbors, minDist, epochs) = (
                try r(\.embedding), try r(\.componentCount), try r(\.neighbors), try r(\.minDist), try r(\.epochs)
            )
            (graphEdges, graphComponents, a, b, randomInitFallback) = (
                try r(\.graphEdges), try r(\.graphComponents), try r(\.a), try r(\.b), try r(\.randomInitFallback)
            )
        }

        init(_ fitted: UMAP.Fitted, settings: UMAP, ids: [String]) {
            let names = (1...settings.components).map { "UMAP\($0)" }
            embedding = ItemMatrix(ids: ids, matrix: fitted.embedding, columnNames: names)
            (componentCount, neighbors, minDist, epochs) = (settings.components, settings.neighbors, settings.minDist, fitted.epochs)
            (graphEdges, graphComponents) = (fitted.graph.edgeCount, fitted.graph.components().count)
            (a, b, randomInitFallback) = (fitted.curve.a, fitted.curve.b, fitted.usedRandomInitialization)
        }
    }

    /// The settings the options give.
    static func settings(_ o: ResolvedOptions, seed: UInt64) -> UMAP {
        var settings = UMAP()
        settings.components = o[components]
        settings.neighbors = o[neighbors]
        settings.minDist = o[minDist]
        settings.spread = o[spread]
        settings.metric = o[metric]
        settings.epochs = o[epochs]
        settings.learningRate = o[learningRate]
        settings.negativeSampleRate = Double(o[negativeSampleRate])
        settings.repulsionStrength = o[repulsionStrength]
        settings.setOpMixRatio = o[setOpMixRatio]
        settings.localConnectivity = o[localConnectivity]
        settings.initialization = o[initialization]
        settings.seed = o[Self.seed].map(UInt64.init) ?? seed
        return settings
    }

    func compute(_ context: RunContext) throws -> Result {
        let input = try context.matrix(Self.input)
        let settings = Self.settings(context.options, seed: context.seed)
        let fitted: UMAP.Fitted
        do { fitted = try settings.layout(try NeighbourGraphs.prepared(settings, input.matrix, of: Self.input, context)) } catch {
            throw DirectiveError(error.description, option: Self.option(of: error) ?? Self.input.name)
        }
        return Result(fitted, settings: settings, ids: input.ids)
    }

    /// The option a UMAP error is about, if it is about one.
    static func option(of error: UMAPError) -> String? {
        switch error {
        case .moreNeighborsThanSamples, .invalidNeighbors: neighbors.name
        case .invalidComponents: components.name
        case .invalidMinDist: minDist.name
        default: nil
        }
    }
}

extension NearestNeighbors.Metric: OptionDecodable, OptionChoice {}
extension UMAP.Initialization: OptionDecodable, OptionChoice {}
