import Analysis
import Dispatch
import Foundation
import LinearAlgebra
import ReportEngine

/// `agreement_sweep`: for each UMAP dimension in a range, embed two data sets' features, cluster each
/// embedding with OPTICS, and measure how well the clusterings agree on the items they share — the seed
/// study's "ARI between experiments across dimensions 2–30".
struct AgreementSweepDirective: TypedDirective, ShardedDirective {
    let name = "agreement_sweep"
    let summary = "ARI of OPTICS clusterings of two data sets' UMAP embeddings, over their common items, for each embedding dimension in a range."
    let version = 3
    /// It runs UMAP's layout and OPTICS as those directives do: their versions are in this one's key.
    var builtOn: [any Directive] { [UMAPDirective(), OPTICSDirective()] }
    let amplifiesRounding = true
    let isRandom = true
    var ownSeed: (any OptionKey)? { Self.seed }
    let output = OutputKind.table
    let shardUnit = "dimensions"
    var itemSelectingOptions: [any OptionKey] { [Self.dims] }

    static let a = InputOption.reference("a", accepts: [.matrix], required: true, doc: "the first experiment's features (e.g. MOST + synthetic)")
    static let b = InputOption.reference(
        "b", accepts: [.matrix], required: true,
        doc: "the second experiment's features (e.g. MOST + OAI); compared on the items both contain")
    static let dims = Option<IntRange>(
        "dims", .range(1...1000), default: IntRange(2, 30), doc: "the UMAP dimensions, a range `2..30` (every one in it)")
    static let excludeNoise = Option<Bool>("exclude_noise", .bool, default: false, doc: "leave out items that either clustering calls noise")
    static let seed = Option<Int?>("seed", .int(0...Int.max), doc: "UMAP's seed for both embeddings; default derived from the template's seed")

    var options: [OptionSpec] {
        OptionSpec.of([
            Self.a, Self.b, Self.dims, UMAPDirective.neighbors, UMAPDirective.minDist, OPTICSDirective.minSamples, OPTICSDirective.xi,
            OPTICSDirective.minClusterSize, Self.excludeNoise, Self.seed,
        ])
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
                .init(
                    "table", \.table, columns: ["n_components", "ari", "nmi", "n_common", "clusters_a", "clusters_b"], doc: "one row per dimension"),
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

    struct Row {
        let dims: Int
        let ari: Double
        let nmi: Double
        let common: Int
        let clustersA: Int
        let clustersB: Int
    }

    func compute(_ context: RunContext) throws -> Result {
        let job = try Job(context)
        var labels = job.dims.indices.map { i in job.cachedLabels(i, in: context.cache) }
        try computeLabels(labels.indices.filter { labels[$0] == nil }, of: job, context) { i, found in labels[i] = found }
        var rows = [Row]()
        for (index, d) in job.dims.enumerated() {
            let (la, lb) = labels[index]!
            var joined: [(Int, Int)] = job.pairs.map { (la[$0.a], lb[$0.b]) }
            if context.options[Self.excludeNoise] { joined = joined.filter { $0.0 != -1 && $0.1 != -1 } }
            let agreement = ClusterAgreement(joined.map { $0.0 }, joined.map { $0.1 })
            rows.append(
                Row(
                    dims: d, ari: agreement.adjustedRandIndex, nmi: agreement.normalizedMutualInformation, common: joined.count,
                    clustersA: Set(la.filter { $0 != -1 }).count, clustersB: Set(lb.filter { $0 != -1 }).count))
        }
        return Result(rows: rows, commonCount: job.pairs.count)
    }

    // MARK: Shards: one item per dimension

    func workItems(_ context: RunContext) throws -> WorkItems {
        WorkItems(unit: shardUnit, entries: try Job(context).keys.map { [$0] })
    }

    func computeItems(_ indices: [Int], _ context: RunContext) throws {
        let job = try Job(context)
        try computeLabels(indices.filter { !(context.cache?.contains(job.keys[$0]) ?? false) }, of: job, context) { _, _ in }
    }

    /// What the sweep needs, and each dimension's cache key: both inputs' contents, the UMAP and OPTICS
    /// settings, the seed and the dimension. A dimension's entry holds both clusterings' labels.
    private struct Job {
        let a: ItemMatrix, b: ItemMatrix, dims: [Int], pairs: [(a: Int, b: Int)]
        let umap: UMAP, optics: OPTICS, keys: [String]

        init(_ context: RunContext) throws {
            (a, b) = (try context.matrix(AgreementSweepDirective.a), try context.matrix(AgreementSweepDirective.b))
            let o = context.options
            dims = o[AgreementSweepDirective.dims].values
            pairs = ItemJoin.common(a.ids, b.ids)
            guard pairs.count >= 2 else {
                throw DirectiveError(
                    "`a` and `b` share \(pairs.count) item(s); the agreement needs the same items in both", option: AgreementSweepDirective.b.name)
            }
            optics = OPTICS(
                minSamples: o[OPTICSDirective.minSamples], maxEps: .infinity,
                extraction: .xi(
                    xi: o[OPTICSDirective.xi], minClusterSize: o[OPTICSDirective.minClusterSize],
                    predecessorCorrection: OPTICS.defaultPredecessorCorrection))
            var umap = UMAP()
            umap.neighbors = o[UMAPDirective.neighbors]
            umap.minDist = o[UMAPDirective.minDist]
            umap.seed = o[AgreementSweepDirective.seed].map(UInt64.init) ?? context.seed
            self.umap = umap
            guard let largest = dims.last, largest < min(a.matrix.rows, b.matrix.rows) else {
                throw DirectiveError(
                    "`dims` goes to \(dims.last ?? 0), but an embedding needs fewer dimensions than items (\(min(a.matrix.rows, b.matrix.rows)))",
                    option: AgreementSweepDirective.dims.name)
            }
            keys = dims.map { context.itemKey("dimension \($0)") }
        }

        func cachedLabels(_ index: Int, in cache: ResultCache?) -> ([Int], [Int])? {
            guard let files = cache?.files(for: keys[index]), let la = files["a.npy"].flatMap({ try? NPYCodec.decode($0) }),
                let lb = files["b.npy"].flatMap({ try? NPYCodec.decode($0) }),
                case .int64(let x) = la.elements, case .int64(let y) = lb.elements, x.count == a.matrix.rows, y.count == b.matrix.rows
            else { return nil }
            return (x, y)
        }
    }

    /// Embeds and clusters both experiments at the dimensions at `indices`, caching each dimension's labels.
    private func computeLabels(_ indices: [Int], of job: Job, _ context: RunContext, found: (Int, ([Int], [Int])) -> Void) throws {
        guard !indices.isEmpty else { return }
        @Sendable func umapError(_ error: UMAPError, option: String) -> DirectiveError {
            DirectiveError(error.description, option: error.isAboutNeighbors ? UMAPDirective.neighbors.name : option)
        }
        func prepare(_ x: Matrix, of input: InputOption) throws -> UMAP.PreparedGraph {
            do { return try NeighbourGraphs.prepared(job.umap, x, of: input, context) } catch { throw umapError(error, option: input.name) }
        }
        // The neighbour graphs depend on neither the dimension nor the seed: built once per experiment
        // and shared through the cache with the other shards, seeds and `umap` steps on the same input.
        let prepared = [try prepare(job.a.matrix, of: Self.a), try prepare(job.b.matrix, of: Self.b)]
        // Each (dimension, experiment): a layout and a clustering, independent of the others, a few at a
        // time. Each task's bits do not depend on which thread runs it or what runs beside it (UMAP's
        // layout works in fixed vertex parts), so the result is that of running them one by one.
        let tasks = indices.flatMap { i in [(dims: job.dims[i], experiment: 0), (dims: job.dims[i], experiment: 1)] }
        let (base, optics) = (job.umap, job.optics)
        // At most this many at once: OPTICS keeps an n × n distance matrix (512 MB at 8000 items).
        let workers = min(Parallel.cores, Self.concurrentClusterings, tasks.count)
        // The cores shared out between the tasks running at once: more threads than cores would have a
        // layout's threads wait for each other at every epoch's end while the other layouts run.
        let threads = max(1, Parallel.cores / workers)
        let outcomes = Parallel.map(tasks.count, workers: workers) { t -> Swift.Result<[Int], Error> in
            let task = tasks[t]
            return Swift.Result {
                var settings = base
                settings.components = task.dims
                let embedding: Matrix
                do { embedding = try settings.layout(prepared[task.experiment], threads: threads).embedding } catch let error as UMAPError {
                    throw umapError(error, option: task.experiment == 0 ? Self.a.name : Self.b.name)
                }
                do { return try optics.fit(embedding).labels } catch let error as OPTICSError {
                    throw DirectiveError(error.description, option: OPTICSDirective.minSamples.name)
                }
            }
        }
        for (position, index) in indices.enumerated() {
            let labels = (try outcomes[2 * position].get(), try outcomes[2 * position + 1].get())
            context.cache?.store(
                [
                    "a.npy": NPYCodec.encode(NPYArray(shape: [labels.0.count], elements: .int64(labels.0))),
                    "b.npy": NPYCodec.encode(NPYArray(shape: [labels.1.count], elements: .int64(labels.1))),
                ], for: job.keys[index])
            found(index, labels)
        }
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
