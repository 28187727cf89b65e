import Analysis
import LinearAlgebra
import ReportEngine

/// `kmeans`: k-means++ clustering as scikit-learn computes it; with a range of `n_clusters`, the
/// inertia curve and its elbow (Kneedle); with `dims`, the elbow for each leading-dimension count.
struct KMeansDirective: TypedDirective {
    let name = "kmeans"
    let summary = "k-means (scikit-learn KMeans, k-means++): labels; for a range of n_clusters the inertia curve and Kneedle elbow."
    let version = 2  // 2: Lloyd's assignment and sums in fixed blocks of rows (other last bits)
    let output = OutputKind.text
    let isRandom = true
    var ownSeed: (any OptionKey)? { Self.seed }

    static let input = InputOption.reference("input", accepts: [.matrix], required: true, doc: "the points to cluster")
    static let clusters = Option<IntRange>(
        "n_clusters", .range(1...100_000), default: IntRange(KMeans.defaultClusterCount),
        doc: "a number of clusters, or a range `2..10` for an elbow curve (the elbow's k gives the labels)")
    static let initCount = Option<Int>(
        "n_init", .int(1...1000), default: KMeans.defaultInitCount,
        doc: "runs with different seeds, best inertia kept (scikit-learn 'auto' = 1)")
    static let maxIterations = Option<Int>(
        "max_iter", .int(1...100_000), default: KMeans.defaultMaxIterations, doc: "Lloyd iterations at most per run")
    static let tolerance = Option<Double>("tol", .number(0...1), default: KMeans.defaultTolerance, doc: "relative tolerance on the centre shift")
    static let seed = Option<Int?>("seed", .int(0...4_294_967_295), doc: "scikit-learn's random_state; default derived from the template's seed")
    static let dims = Option<[Int]?>(
        "dims", .list(.int(1...100_000)),
        doc: "also find the elbow on the first d columns for each d listed (e.g. PCA with 2…30 components)")

    var options: [OptionSpec] {
        OptionSpec.of([Self.input, Self.clusters, Self.initCount, Self.maxIterations, Self.tolerance, Self.seed, Self.dims])
    }

    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] {
        options[Self.dims] != nil && options[Self.clusters].isSingle
            ? [(Self.dims.name, "`dims` needs a range of `n_clusters`, e.g. 1..10")] : []
    }

    struct Result: DirectiveResult {
        var labels: ItemLabels
        var clusterCount: Int
        var inertia: Double
        var iterations: Int
        var centers: ItemMatrix
        /// With a range of `n_clusters`.
        var elbow: Int??
        var curve: Table?
        /// With `dims`.
        var elbows: Table?
        var curves: Table?

        static let primary: String? = "labels"
        static var fields: [ResultField<Result>] {
            [
                .init("labels", \.labels, doc: "each item's cluster, 0 … k−1"),
                .init("n_clusters", \.clusterCount, doc: "k: the one given, or the elbow's"),
                .init("inertia", \.inertia, doc: "sum of squared distances to the nearest centre"),
                .init("n_iter", \.iterations, doc: "Lloyd iterations of the best run"),
                .init("centers", \.centers, doc: "the cluster centres (k × features)"),
                .init("elbow", \.elbow, doc: "with a range: the Kneedle elbow's k, null when the curve has none; absent otherwise"),
                .init("curve", \.curve, doc: "with a range: k and inertia"),
                .init("elbows", \.elbows, doc: "with `dims`: dims and the elbow found on that many columns (−1: none)"),
                .init("curves", \.curves, doc: "with `dims`: k and each inertia curve, divided by its first value"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (labels, clusterCount, inertia, iterations, centers) = (
                try r(\.labels), try r(\.clusterCount), try r(\.inertia), try r(\.iterations), try r(\.centers)
            )
            (elbow, curve, elbows, curves) = (try r(\.elbow), try r(\.curve), try r(\.elbows), try r(\.curves))
        }

        init(labels: ItemLabels, clusterCount: Int, inertia: Double, iterations: Int, centers: ItemMatrix) {
            (self.labels, self.clusterCount, self.inertia, self.iterations, self.centers) = (labels, clusterCount, inertia, iterations, centers)
        }
    }

    func compute(_ context: RunContext) throws -> Result {
        let input = try context.matrix(Self.input)
        let o = context.options
        let ks = o[Self.clusters].values
        let seed = o[Self.seed].map(UInt32.init) ?? UInt32(truncatingIfNeeded: context.seed)
        let settings = { (k: Int) in
            KMeans(clusterCount: k, initCount: o[Self.initCount], maxIterations: o[Self.maxIterations], tolerance: o[Self.tolerance], seed: seed)
        }
        func fit(_ k: Int, _ x: Matrix) throws -> KMeans.Fitted {
            do { return try settings(k).fit(x) } catch {
                throw DirectiveError(error.description, option: error.isAboutInput ? Self.input.name : Self.clusters.name)
            }
        }
        var chosen = ks[0]
        var elbow: Int??
        var curve: Table?
        if ks.count > 1 {
            let inertias = try ks.map { try fit($0, input.matrix).inertia }
            let knee = Kneedle().knee(x: ks.map(Double.init), y: inertias).map { Int($0) }
            chosen = knee ?? ks[0]
            elbow = .some(knee)
            curve = Table([.init("k", .ints(ks)), .init("inertia", .doubles(inertias))])
        }
        let fitted = try fit(chosen, input.matrix)
        let centers = Matrix(rows: fitted.clusterCount, columns: fitted.featureCount, storage: fitted.centers.map { Float($0) })
        var result = Result(
            labels: ItemLabels(ids: input.ids, column: .ints(fitted.labels), name: "cluster"), clusterCount: chosen,
            inertia: fitted.inertia, iterations: fitted.iterations,
            centers: ItemMatrix(ids: (0..<fitted.clusterCount).map { "cluster \($0)" }, matrix: centers, columnNames: input.columnNames))
        (result.elbow, result.curve) = (elbow, curve)
        if let dims = o[Self.dims], !dims.isEmpty { (result.elbows, result.curves) = try sweep(dims, ks: ks, input: input.matrix, fit: fit) }
        return result
    }

    /// Elbows on the first d columns for each d: a table (dims, elbow) and the curves side by side.
    private func sweep(_ dims: [Int], ks: [Int], input: Matrix, fit: (Int, Matrix) throws -> KMeans.Fitted) throws -> (Table, Table) {
        var elbows = [Int]()
        var curves = [Table.NamedColumn("k", .ints(ks))]
        for d in dims {
            guard d <= input.columns else {
                throw DirectiveError("`dims` asks for \(d) columns but the input has \(input.columns)", option: Self.dims.name)
            }
            let x = input.leadingColumns(d)
            let inertias = try ks.map { try fit($0, x).inertia }
            elbows.append(Kneedle().knee(x: ks.map(Double.init), y: inertias).map { Int($0) } ?? -1)
            curves.append(.init("dims \(d)", .doubles(inertias.map { $0 / inertias[0] })))
        }
        return (Table([.init("dims", .ints(dims)), .init("elbow", .ints(elbows))]), Table(curves))
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        var text = "k-means with k = \(r.clusterCount): inertia \(ValueFormatter.compact(r.inertia))."
        if let elbow = r.elbow {
            text =
                elbow.map { "The elbow of the inertia curve is at k = \($0); " + text }
                ?? "The inertia curve has no clear elbow; k = \(r.clusterCount) is used."
        }
        return Presentation(.markdown(text))
    }
}

private extension KMeansError {
    var isAboutInput: Bool { if case .nonFinite = self { true } else { false } }
}
