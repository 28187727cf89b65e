import Analysis
import Dispatch
import Foundation
import LinearAlgebra

/// `agreement_sweep`: for each UMAP dimension in a range, embed two data sets' features, cluster each
/// embedding with OPTICS, and measure how well the clusterings agree on the items they share — the seed
/// study's "ARI between experiments across dimensions 2–30".
struct AgreementSweepDirective: Directive {
    let name = "agreement_sweep"
    let summary = "ARI of OPTICS clusterings of two data sets' UMAP embeddings, over their common items, for each embedding dimension in a range."
    let version = 3  // 3: UMAP version 4
    let amplifiesRounding = true
    let output = OutputKind.table

    var options: [OptionSpec] {
        [
            OptionSpec("a", .reference(accepts: [.matrix]), required: true, doc: "the first experiment's features (e.g. MOST + synthetic)"),
            OptionSpec("b", .reference(accepts: [.matrix]), required: true,
                       doc: "the second experiment's features (e.g. MOST + OAI); compared on the items both contain"),
            OptionSpec("dims", .string, default: .string("2..30"), doc: "the UMAP dimensions, a range `2..30` (every one in it)"),
            OptionSpec("n_neighbors", .int(2...10_000), default: .int(15), doc: "UMAP's neighbours per point"),
            OptionSpec("min_dist", .number(0...10), default: .double(0.1), doc: "UMAP's min_dist"),
            OptionSpec("min_samples", .oneOf([.int(2...1_000_000), .fraction]), default: .int(5), doc: "OPTICS's min_samples"),
            OptionSpec("xi", .fraction, default: .double(0.05), doc: "OPTICS's xi"),
            OptionSpec("min_cluster_size", .oneOf([.int(2...1_000_000), .fraction]), doc: "OPTICS's smallest cluster; default min_samples"),
            OptionSpec("exclude_noise", .bool, default: .bool(false), doc: "leave out items that either clustering calls noise"),
            OptionSpec("seed", .int(0...Int.max), doc: "UMAP's seed for both embeddings; default derived from the template's seed"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        guard case .matrix(let a) = try context.input("a").resolvingPrimary else { throw DirectiveError("`a` must be a matrix", option: "a") }
        guard case .matrix(let b) = try context.input("b").resolvingPrimary else { throw DirectiveError("`b` must be a matrix", option: "b") }
        let dims = try range(context.options.string("dims") ?? "2..30")
        let pairs = ItemJoin.common(a.ids, b.ids)
        guard pairs.count >= 2 else {
            throw DirectiveError("`a` and `b` share \(pairs.count) item(s); the agreement needs the same items in both", option: "b")
        }
        let o = context.options
        let optics = OPTICS(minSamples: o.opticsSize("min_samples") ?? .count(5), maxEps: .infinity,
                            extraction: .xi(xi: o.double("xi") ?? 0.05, minClusterSize: o.opticsSize("min_cluster_size"), predecessorCorrection: true))
        var umap = UMAP()
        umap.neighbors = o.int("n_neighbors") ?? 15
        umap.minDist = o.double("min_dist") ?? 0.1
        umap.seed = o.int("seed").map(UInt64.init) ?? context.seed
        guard let largest = dims.last, largest < min(a.matrix.rows, b.matrix.rows) else {
            throw DirectiveError("`dims` goes to \(dims.last ?? 0), but an embedding needs fewer dimensions than items (\(min(a.matrix.rows, b.matrix.rows)))", option: "dims")
        }
        @Sendable func umapError(_ error: UMAPError, option: String) -> DirectiveError {
            if case .moreNeighborsThanSamples = error { return DirectiveError(error.description, option: "n_neighbors") }
            return DirectiveError(error.description, option: option)
        }
        func prepare(_ x: Matrix, option: String) throws -> UMAP.PreparedGraph {
            do { return try umap.prepare(x) } catch { throw umapError(error, option: option) }
        }
        // The neighbour graphs do not depend on the dimension: built once per experiment.
        let prepared = [try prepare(a.matrix, option: "a"), try prepare(b.matrix, option: "b")]
        // Each (dimension, experiment): a layout and a clustering, independent of the others, a few at a
        // time. Each task's bits do not depend on which thread runs it or what runs beside it (UMAP's
        // layout works in fixed vertex parts), so the result is that of running them one by one.
        let tasks = dims.flatMap { d in [(dims: d, experiment: 0), (dims: d, experiment: 1)] }
        var outcomes = [Result<[Int], Error>](repeating: .success([]), count: tasks.count)
        // At most this many at once: OPTICS keeps an n × n distance matrix (512 MB at 8000 items).
        let workers = min(tasks.count, ProcessInfo.processInfo.activeProcessorCount, Self.concurrentClusterings)
        let base = umap
        @Sendable func cluster(_ task: (dims: Int, experiment: Int)) throws -> [Int] {
            var settings = base
            settings.components = task.dims
            let embedding: Matrix
            do { embedding = try settings.layout(prepared[task.experiment]).embedding } catch {
                throw umapError(error, option: task.experiment == 0 ? "a" : "b")
            }
            do { return try optics.fit(embedding).labels } catch { throw DirectiveError(error.description, option: "min_samples") }
        }
        outcomes.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for t in stride(from: worker, to: tasks.count, by: workers) {
                    out.pointer[t] = Result { () throws(Error) -> [Int] in try cluster(tasks[t]) }
                }
            }
        }
        var rows = [Row]()
        for (index, d) in dims.enumerated() {
            let labels = [try outcomes[2 * index].get(), try outcomes[2 * index + 1].get()]
            var joined: [(Int, Int)] = pairs.map { (labels[0][$0.a], labels[1][$0.b]) }
            if o.bool("exclude_noise") == true { joined = joined.filter { $0.0 != -1 && $0.1 != -1 } }
            let agreement = ClusterAgreement(joined.map { $0.0 }, joined.map { $0.1 })
            rows.append(Row(dims: d, ari: agreement.adjustedRandIndex, nmi: agreement.normalizedMutualInformation, common: joined.count,
                            clustersA: Set(labels[0].filter { $0 != -1 }).count, clustersB: Set(labels[1].filter { $0 != -1 }).count))
        }
        let table = Table([
            .init("n_components", .ints(rows.map(\.dims))),
            .init("ari", .doubles(rows.map(\.ari))),
            .init("nmi", .doubles(rows.map(\.nmi))),
            .init("n_common", .ints(rows.map(\.common))),
            .init("clusters_a", .ints(rows.map(\.clustersA))),
            .init("clusters_b", .ints(rows.map(\.clustersB))),
        ])
        let aris = rows.map(\.ari)
        let best = rows.max { $0.ari < $1.ari }!
        return .record(Record([
            .init("table", .table(table)),
            .init("mean_ari", .double(aris.reduce(0, +) / Double(aris.count))),
            .init("min_ari", .double(aris.min()!)),
            .init("max_ari", .double(best.ari)),
            .init("best_dims", .int(best.dims)),
            .init("n_common", .int(pairs.count)),
        ], primary: "table"))
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, case .table(let table)? = r["table"] else { return Presentation() }
        return Presentation(.table(table, digits: 3))
    }

    /// Layouts and clusterings run at once, at most.
    static let concurrentClusterings = 4

    private struct Row { let dims: Int; let ari: Double; let nmi: Double; let common: Int; let clustersA: Int; let clustersB: Int }

    private func range(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ".", omittingEmptySubsequences: true).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard text.contains(".."), parts.count == 2, parts[0] >= 1, parts[0] <= parts[1] else {
            if let single = Int(text), single >= 1 { return [single] }
            throw DirectiveError("`dims` must be a range like `2..30` (or one number), got `\(text)`", option: "dims")
        }
        return Array(parts[0]...parts[1])
    }
}
