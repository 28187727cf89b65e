import Analysis
import LinearAlgebra

/// `kmeans`: k-means++ clustering as scikit-learn computes it; with a range of `n_clusters`, the
/// inertia curve and its elbow (Kneedle); with `dims`, the elbow for each leading-dimension count.
struct KMeansDirective: Directive {
    let name = "kmeans"
    let summary = "k-means (scikit-learn KMeans, k-means++): labels; for a range of n_clusters the inertia curve and Kneedle elbow."
    let version = 2  // 2: Lloyd's assignment and sums in fixed blocks of rows (other last bits)
    let output = OutputKind.text
    let isRandom = true

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.matrix]), required: true, doc: "the points to cluster"),
            OptionSpec("n_clusters", .oneOf([.int(1...100_000), .string]), default: .int(8),
                       doc: "a number of clusters, or a range `2..10` for an elbow curve (the elbow's k gives the labels)"),
            OptionSpec("n_init", .int(1...1000), default: .int(1), doc: "runs with different seeds, best inertia kept (scikit-learn 'auto' = 1)"),
            OptionSpec("max_iter", .int(1...100_000), default: .int(300), doc: "Lloyd iterations at most per run"),
            OptionSpec("tol", .number(0...1), default: .double(1e-4), doc: "relative tolerance on the centre shift"),
            OptionSpec("seed", .int(0...4_294_967_295), doc: "scikit-learn's random_state; default derived from the template's seed"),
            OptionSpec("dims", .list(.int(1...100_000)),
                       doc: "also find the elbow on the first d columns for each d listed (e.g. PCA with 2…30 components)"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        guard case .matrix(let input) = try context.input("input").resolvingPrimary else {
            throw DirectiveError("`input` must be a matrix", option: "input")
        }
        let ks = try clusterCounts(context.options["n_clusters"])
        let seed = context.options.int("seed").map(UInt32.init) ?? UInt32(truncatingIfNeeded: context.seed)
        let settings = { (k: Int) in
            KMeans(clusterCount: k, initCount: context.options.int("n_init") ?? 1, maxIterations: context.options.int("max_iter") ?? 300,
                   tolerance: context.options.double("tol") ?? 1e-4, seed: seed)
        }
        func fit(_ k: Int, _ x: Matrix) throws -> KMeans.Fitted {
            do { return try settings(k).fit(x) } catch {
                throw DirectiveError(error.description, option: error.isAboutInput ? "input" : "n_clusters")
            }
        }
        var fields = [Record.Field]()
        var chosen = ks[0]
        if ks.count > 1 {
            let inertias = try ks.map { try fit($0, input.matrix).inertia }
            let elbow = Kneedle().knee(x: ks.map(Double.init), y: inertias).map { Int($0) }
            chosen = elbow ?? ks[0]
            fields.append(.init("elbow", elbow.map(Value.int) ?? .null))
            fields.append(.init("curve", .table(Table([.init("k", .ints(ks)), .init("inertia", .doubles(inertias))]))))
        }
        if let dims = context.options.numbers("dims")?.map(Int.init), !dims.isEmpty {
            fields += try sweep(dims, ks: ks, input: input.matrix, fit: fit)
        }
        let fitted = try fit(chosen, input.matrix)
        let centers = Matrix(rows: fitted.clusterCount, columns: fitted.featureCount, storage: fitted.centers.map { Float($0) })
        fields = [
            .init("labels", .labels(ItemLabels(ids: input.ids, column: .ints(fitted.labels), name: "cluster"))),
            .init("n_clusters", .int(chosen)),
            .init("inertia", .double(fitted.inertia)),
            .init("n_iter", .int(fitted.iterations)),
            .init("centers", .matrix(ItemMatrix(ids: (0..<fitted.clusterCount).map { "cluster \($0)" }, matrix: centers,
                                                columnNames: input.columnNames))),
        ] + fields
        return .record(Record(fields, primary: "labels"))
    }

    /// Elbows on the first d columns for each d: a table (dims, elbow) and the curves side by side.
    private func sweep(_ dims: [Int], ks: [Int], input: Matrix, fit: (Int, Matrix) throws -> KMeans.Fitted) throws -> [Record.Field] {
        guard ks.count > 1 else { throw DirectiveError("`dims` needs a range of `n_clusters`, e.g. 1..10", option: "dims") }
        var elbows = [Int]()
        var curves = [Table.NamedColumn("k", .ints(ks))]
        for d in dims {
            guard d <= input.columns else {
                throw DirectiveError("`dims` asks for \(d) columns but the input has \(input.columns)", option: "dims")
            }
            let x = input.leadingColumns(d)
            let inertias = try ks.map { try fit($0, x).inertia }
            elbows.append(Kneedle().knee(x: ks.map(Double.init), y: inertias).map { Int($0) } ?? -1)
            curves.append(.init("dims \(d)", .doubles(inertias.map { $0 / inertias[0] })))
        }
        return [
            .init("elbows", .table(Table([.init("dims", .ints(dims)), .init("elbow", .ints(elbows))]))),
            .init("curves", .table(Table(curves))),
        ]
    }

    private func clusterCounts(_ value: OptionValue?) throws -> [Int] {
        switch value {
        case .int(let k): return [k]
        case .string(let text):
            let parts = text.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low >= 1, high > low else {
                throw DirectiveError("`n_clusters` must be a number or a range like `2..10`, got `\(text)`", option: "n_clusters")
            }
            return Array(low...high)
        default: return [8]
        }
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, let k = r["n_clusters"]?.number, let inertia = r["inertia"]?.number else {
            return Presentation()
        }
        var text = "k-means with k = \(Int(k)): inertia \(ValueFormatter.compact(inertia))."
        if let elbow = r["elbow"] {
            text = elbow == .null ? "The inertia curve has no clear elbow; k = \(Int(k)) is used." :
                "The elbow of the inertia curve is at k = \(ValueFormatter.text(elbow)); " + text
        }
        return Presentation(.markdown(text))
    }
}

private extension KMeansError {
    var isAboutInput: Bool { if case .nonFinite = self { true } else { false } }
}

import Foundation
