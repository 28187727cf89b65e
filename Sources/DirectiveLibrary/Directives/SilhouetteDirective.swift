import Analysis
import ReportEngine

/// `silhouette`: how well separated a clustering's clusters are on the points it was found on —
/// scikit-learn's `silhouette_samples`, averaged per cluster and overall (`silhouette_score`).
struct SilhouetteDirective: TypedDirective {
    let name = "silhouette"
    let summary = "Silhouette coefficients of a clustering on its points (scikit-learn's definition): a table per cluster and the mean."
    let version = 1
    let output = OutputKind.table

    static let labels = InputOption.reference(
        "labels", accepts: [.labels], required: true,
        doc: "the cluster labels (integers), e.g. a `kmeans` or `optics` result")
    static let points = InputOption.reference(
        "points", accepts: [.matrix], required: true,
        doc: "the points that were clustered (joined to the labels by item id)")
    static let excludeNoise = Option<Bool>(
        "exclude_noise", .bool, default: false,
        doc: "leave out items labelled −1 (OPTICS noise); scikit-learn counts them as one more cluster")

    var options: [OptionSpec] { OptionSpec.of([Self.labels, Self.points, Self.excludeNoise]) }

    struct Result: DirectiveResult {
        var table: Table
        var score: Double
        var clusterCount: Int
        var itemCount: Int

        static let primary: String? = "table"
        static var fields: [ResultField<Result>] {
            [
                .init(
                    "table", \.table, columns: ["cluster", "size", "silhouette", "negative"],
                    doc: "per cluster: size, mean silhouette, share of items below 0"),
                .init("score", \.score, doc: "the mean silhouette over the items (scikit-learn's silhouette_score)"),
                .init("n_clusters", \.clusterCount, doc: "clusters"),
                .init("n_items", \.itemCount, doc: "items scored"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (table, score, clusterCount, itemCount) = (try r(\.table), try r(\.score), try r(\.clusterCount), try r(\.itemCount))
        }

        init(table: Table, score: Double, clusterCount: Int, itemCount: Int) {
            (self.table, self.score, self.clusterCount, self.itemCount) = (table, score, clusterCount, itemCount)
        }
    }

    func compute(_ context: RunContext) throws -> Result {
        let (labels, clusters) = try context.clusterLabels(Self.labels)
        let points = try context.matrix(Self.points)
        var pairs = ItemJoin.common(points.ids, labels.ids)
        if context.options[Self.excludeNoise] { pairs = pairs.filter { clusters[$0.b] != -1 } }
        guard !pairs.isEmpty else { throw DirectiveError("`labels` and `points` share no item ids", option: Self.points.name) }
        let joined = pairs.map { clusters[$0.b] }
        let values: [Double]
        do { values = try Silhouette.samples(points.matrix.selectingRows(pairs.map(\.a)), labels: joined) } catch {
            throw DirectiveError(error.description, option: Self.labels.name)
        }
        let names = Array(Set(joined)).sorted()
        let members = Dictionary(grouping: values.indices, by: { joined[$0] })
        let means = names.map { c in members[c]!.reduce(0.0) { $0 + values[$1] } / Double(members[c]!.count) }
        let table = Table([
            .init("cluster", .ints(names)),
            .init("size", .ints(names.map { members[$0]!.count })),
            .init("silhouette", .doubles(means)),
            .init("negative", .doubles(names.map { c in Double(members[c]!.filter { values[$0] < 0 }.count) / Double(members[c]!.count) })),
        ])
        return Result(table: table, score: values.reduce(0, +) / Double(values.count), clusterCount: names.count, itemCount: values.count)
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        Presentation(.table(r.table, digits: 3))
    }
}
