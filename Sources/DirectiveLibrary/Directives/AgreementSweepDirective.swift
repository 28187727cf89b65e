import Analysis
import Dispatch
import Foundation
import LinearAlgebra
import ReportEngine

/// `agreement_sweep`: for each UMAP dimension in a range, embed two data sets' features, cluster each
/// embedding with OPTICS, and measure how well the clusterings agree on the items they share — the seed
/// study's "ARI between experiments across dimensions 2–30".
struct AgreementSweepDirective: TypedDirective {
    let name = "agreement_sweep"
    let summary = "ARI of OPTICS clusterings of two data sets' UMAP embeddings, over their common items, for each embedding dimension in a range."
    let version = 3
    /// It runs UMAP's layout and OPTICS as those directives do: their versions are in this one's key.
    var builtOn: [any Directive] { [UMAPDirective(), OPTICSDirective()] }
    let amplifiesRounding = true
    let isRandom = true
    var ownSeed: (any OptionKey)? { Self.seed }
    let output = OutputKind.table

    static let a = InputOption.reference("a", accepts: [.matrix], required: true, doc: "the first experiment's features (e.g. MOST + synthetic)")
    static let b = InputOption.reference("b", accepts: [.matrix], required: true,
                                         doc: "the second experiment's features (e.g. MOST + OAI); compared on the items both contain")
    static let dims = Option<IntRange>("dims", .range(1...1000), default: IntRange(2, 30), doc: "the UMAP dimensions, a range `2..30` (every one in it)")
    static let excludeNoise = Option<Bool>("exclude_noise", .bool, default: false, doc: "leave out items that either clustering calls noise")
    static let seed = Option<Int?>("seed", .int(0...Int.max), doc: "UMAP's seed for both embeddings; default derived from the template's seed")

    var options: [OptionSpec] { OptionSpec.of([Self.a, Self.b, Self.dims, UMAPDirective.neighbors, UMAPDirective.minDist, OPTICSDirective.minSamples, OPTICSDirective.xi,
         OPTICSDirective.minClusterSize, Self.excludeNoise, Self.seed])
    }

    struct Result: DirectiveResult {
        var table: Table
        var meanARI: Double
        var minARI: Double
        var maxARI: Double
        var bestDims: Int
        var commonCount: Int

        static let primary: String? = "table"
        static var fields: [ResultField<Result>] {
            [
                .init("table", \.table, columns: ["n_components", "ari", "nmi", "n_common", "clusters_a", "clusters_b"], doc: "one row per dimension"),
                .init("mean_ari", \.meanARI, doc: "mean ARI over the dimensions"),
                .init("min_ari", \.minARI, doc: "lowest ARI"),
                .init("max_ari", \.maxARI, doc: "highest ARI"),
                .init("best_dims", \.bestDims, doc: "the dimension with the highest ARI"),
                .init("n_common", \.commonCount, doc: "items both data sets contain"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (table, meanARI, minARI, maxARI, bestDims, commonCount) =
                (try r(\.table), try r(\.meanARI), try r(\.minARI), try r(\.maxARI), try r(\.bestDims), try r(\.commonCount))
        }

        init(rows: [Row], commonCount: Int) {
            table = Table([
                .init("n_components", .ints(rows.map(\.dims))),
                .init("ari", .doubles(rows.map(\.ari))),
                .init("nmi", .doubles(rows.map(\.nmi))),
                .init("n_common", .ints(rows.map(\.common))),
                .init("clusters_a", .ints(rows.map(\.clustersA))),
                .init("clusters_b", .ints(rows.map(\.clustersB))),
            ])
            let aris = rows.map(\.ari)
            let best = rows.max { $0.ari < $1.ari }!
            (meanARI, minARI, maxARI, bestDims) = (aris.reduce(0, +) / Double(aris.count), aris.min()!, best.ari, best.dims)
            self.commonCount = commonCount
        }
    }

    struct Row { let dims: Int; let ari: Double; let nmi: Double; let common: Int; let clustersA: Int; let clustersB: Int }

    func compute(_ context: RunContext) throws -> Result {
        let (a, b) = (try context.matrix(Self.a), try context.matrix(Self.b))
        let o = context.options
        let dims = o[Self.dims].values
        let pairs = ItemJoin.common(a.ids, b.ids)
        guard pairs.count >= 2 else {
            throw DirectiveError("`a` and `b` share \(pairs.count) item(s); the agreement needs the same items in both", option: Self.b.name)
        }
        let optics = OPTICS(minSamples: o[OPTICSDirective.minSamples], maxEps: .infinity,
                            extraction: .xi(xi: o[OPTICSDirective.xi], minClusterSize: o[OPTICSDirective.minClusterSize],
                                            predecessorCorrection: OPTICS.defaultPredecessorCorrection))
        var umap = UMAP()
        umap.neighbors = o[UMAPDirective.neighbors]
        umap.minDist = o[UMAPDirective.minDist]
        umap.seed = o[Self.seed].map(UInt64.init) ?? context.seed
        guard let largest = dims.last, largest < min(a.matrix.rows, b.matrix.rows) else {
            throw DirectiveError("`dims` goes to \(dims.last ?? 0), but an embedding needs fewer dimensions than items (\(min(a.matrix.rows, b.matrix.rows)))",
                                 option: Self.dims.name)
        }
        @Sendable func umapError(_ error: UMAPError, option: String) -> DirectiveError {
            DirectiveError(error.description, option: error.isAboutNeighbors ? UMAPDirective.neighbors.name : option)
        }
        func prepare(_ x: Matrix, option: String) throws -> UMAP.PreparedGraph {
            do { return try umap.prepare(x) } catch { throw umapError(error, option: option) }
        }
        // The neighbour graphs do not depend on the dimension: built once per experiment.
        let prepared = [try prepare(a.matrix, option: Self.a.name), try prepare(b.matrix, option: Self.b.name)]
        // Each (dimension, experiment): a layout and a clustering, independent of the others, a few at a
        // time. Each task's bits do not depend on which thread runs it or what runs beside it (UMAP's
        // layout works in fixed vertex parts), so the result is that of running them one by one.
        let tasks = dims.flatMap { d in [(dims: d, experiment: 0), (dims: d, experiment: 1)] }
        let base = umap
        // At most this many at once: OPTICS keeps an n × n distance matrix (512 MB at 8000 items).
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, Self.concurrentClusterings)
        let outcomes = Parallel.map(tasks.count, workers: workers) { t -> Swift.Result<[Int], Error> in
            let task = tasks[t]
            return Swift.Result {
                var settings = base
                settings.components = task.dims
                let embedding: Matrix
                do { embedding = try settings.layout(prepared[task.experiment]).embedding } catch let error as UMAPError {
                    throw umapError(error, option: task.experiment == 0 ? Self.a.name : Self.b.name)
                }
                do { return try optics.fit(embedding).labels } catch let error as OPTICSError {
                    throw DirectiveError(error.description, option: OPTICSDirective.minSamples.name)
                }
            }
        }
        var rows = [Row]()
        for (index, d) in dims.enumerated() {
            let labels = [try outcomes[2 * index].get(), try outcomes[2 * index + 1].get()]
            var joined: [(Int, Int)] = pairs.map { (labels[0][$0.a], labels[1][$0.b]) }
            if o[Self.excludeNoise] { joined = joined.filter { $0.0 != -1 && $0.1 != -1 } }
            let agreement = ClusterAgreement(joined.map { $0.0 }, joined.map { $0.1 })
            rows.append(Row(dims: d, ari: agreement.adjustedRandIndex, nmi: agreement.normalizedMutualInformation, common: joined.count,
                            clustersA: Set(labels[0].filter { $0 != -1 }).count, clustersB: Set(labels[1].filter { $0 != -1 }).count))
        }
        return Result(rows: rows, commonCount: pairs.count)
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        Presentation(.table(r.table, digits: 3))
    }

    /// Layouts and clusterings run at once, at most.
    static let concurrentClusterings = 4
}

private extension UMAPError {
    var isAboutNeighbors: Bool { if case .moreNeighborsThanSamples = self { true } else { false } }
}
