import Analysis
import LinearAlgebra

/// `umap`: a UMAP embedding with umap-learn's parameters and defaults.
struct UMAPDirective: Directive {
    let name = "umap"
    let summary = "UMAP embedding (umap-learn's algorithm and defaults, exact neighbours); the same seed gives the same bits."
    let version = 4  // 4: the layout in tiles of parts (tails moved in place, no move queues)
    let amplifiesRounding = true
    let output = OutputKind.none
    let shownByDefault = false
    let isRandom = true

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.matrix]), required: true, doc: "the points to embed"),
            OptionSpec("n_components", .int(1...1000), default: .int(2), doc: "dimensions of the embedding"),
            OptionSpec("n_neighbors", .int(2...10_000), default: .int(15), doc: "neighbours per point, the point itself counted"),
            OptionSpec("min_dist", .number(0...10), default: .double(0.1), doc: "how tightly points may pack"),
            OptionSpec("spread", .number(0.01...100), default: .double(1.0), doc: "scale of the embedded points"),
            OptionSpec("metric", .choice(["euclidean", "cosine"]), default: .string("euclidean"), doc: "distance in the input space"),
            OptionSpec("n_epochs", .int(1...100_000), doc: "optimisation epochs; default 500 when n ≤ 10 000, else 200"),
            OptionSpec("learning_rate", .number(0.0001...100), default: .double(1.0), doc: "initial SGD step"),
            OptionSpec("negative_sample_rate", .int(0...1000), default: .int(5), doc: "repulsive samples per attractive one"),
            OptionSpec("repulsion_strength", .number(0...100), default: .double(1.0), doc: "weight of the repulsion (gamma)"),
            OptionSpec("set_op_mix_ratio", .number(0...1), default: .double(1.0), doc: "1 = fuzzy union, 0 = fuzzy intersection"),
            OptionSpec("local_connectivity", .number(0...100), default: .double(1.0), doc: "neighbours assumed connected"),
            OptionSpec("init", .choice(["spectral", "random"]), default: .string("spectral"), doc: "initial layout"),
            OptionSpec("seed", .int(0...Int.max), doc: "random seed; default derived from the template's seed"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        guard case .matrix(let input) = try context.input("input").resolvingPrimary else {
            throw DirectiveError("`input` must be a matrix", option: "input")
        }
        let o = context.options
        var settings = UMAP()
        settings.components = o.int("n_components") ?? 2
        settings.neighbors = o.int("n_neighbors") ?? 15
        settings.minDist = o.double("min_dist") ?? 0.1
        settings.spread = o.double("spread") ?? 1
        settings.metric = o.string("metric") == "cosine" ? .cosine : .euclidean
        settings.epochs = o.int("n_epochs")
        settings.learningRate = o.double("learning_rate") ?? 1
        settings.negativeSampleRate = o.double("negative_sample_rate") ?? 5
        settings.repulsionStrength = o.double("repulsion_strength") ?? 1
        settings.setOpMixRatio = o.double("set_op_mix_ratio") ?? 1
        settings.localConnectivity = o.double("local_connectivity") ?? 1
        settings.initialization = o.string("init") == "random" ? .random : .spectral
        settings.seed = o.int("seed").map(UInt64.init) ?? context.seed
        let fitted: UMAP.Fitted
        do { fitted = try settings.fit(input.matrix) } catch {
            let option: String = switch error {
            case .moreNeighborsThanSamples, .invalidNeighbors: "n_neighbors"
            case .invalidComponents: "n_components"
            case .invalidMinDist: "min_dist"
            default: "input"
            }
            throw DirectiveError(error.description, option: option)
        }
        let names = (1...settings.components).map { "UMAP\($0)" }
        return .record(Record([
            .init("embedding", .matrix(ItemMatrix(ids: input.ids, matrix: fitted.embedding, columnNames: names))),
            .init("n_components", .int(settings.components)),
            .init("n_neighbors", .int(settings.neighbors)),
            .init("min_dist", .double(settings.minDist)),
            .init("n_epochs", .int(fitted.epochs)),
            .init("graph_edges", .int(fitted.graph.edgeCount)),
            .init("graph_components", .int(fitted.graph.components().count)),
            .init("a", .double(fitted.curve.a)),
            .init("b", .double(fitted.curve.b)),
            .init("random_init_fallback", .bool(fitted.usedRandomInitialization)),
        ], primary: "embedding"))
    }
}
