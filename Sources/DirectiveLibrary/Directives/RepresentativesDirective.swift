import Analysis
import ReportEngine

/// `representatives`: per cluster, the member(s) nearest its centroid in the clustered space.
struct RepresentativesDirective: TypedDirective {
    let name = "representatives"
    let summary = "Per cluster, the member nearest its centroid (Euclidean, in the space that was clustered); noise excluded."
    let version = 1
    let output = OutputKind.table

    static let input = InputOption.reference("input", accepts: [.matrix], required: true, doc: "the clustered points (e.g. the UMAP embedding)")
    static let labels = InputOption.reference("labels", accepts: [.labels], required: true, doc: "cluster labels of those points")
    static let count = Option<Int>("n", .int(1...1000), default: 1, doc: "members per cluster, nearest first")

    var options: [OptionSpec] { OptionSpec.of([Self.input, Self.labels, Self.count]) }

    struct Result: DirectiveResult {
        var table: Table
        var ids: [String]
        var clusterCount: Int

        static let primary: String? = "table"
        static var fields: [ResultField<Result>] {
            [
                .init("table", \.table, columns: ["cluster", "rank", "id"], doc: "each cluster's members nearest its centroid, nearest first"),
                .init("ids", \.ids, doc: "the same items' ids, in the table's order"),
                .init("n_clusters", \.clusterCount, doc: "clusters represented"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (table, ids, clusterCount) = (try r(\.table), try r(\.ids), try r(\.clusterCount))
        }

        init(table: Table, ids: [String], clusterCount: Int) { (self.table, self.ids, self.clusterCount) = (table, ids, clusterCount) }
    }

    func compute(_ context: RunContext) throws -> Result {
        let points = try context.matrix(Self.input)
        let (labels, ints) = try context.clusterLabels(Self.labels)
        let joined = ItemJoin.common(points.ids, labels.ids)
        guard !joined.isEmpty else { throw DirectiveError("`input` and `labels` share no item ids", option: Self.labels.name) }
        let x = points.matrix.selectingRows(joined.map(\.a))
        let ids = joined.map { points.ids[$0.a] }
        let reps = Representatives.nearestToCentroid(x, labels: joined.map { ints[$0.b] }, count: context.options[Self.count])
        var clusterColumn = [Int]()
        var rankColumn = [Int]()
        var idColumn = [String]()
        for rep in reps {
            for (rank, member) in rep.members.enumerated() {
                clusterColumn.append(rep.cluster)
                rankColumn.append(rank + 1)
                idColumn.append(ids[member])
            }
        }
        let table = Table([.init("cluster", .ints(clusterColumn)), .init("rank", .ints(rankColumn)), .init("id", .strings(idColumn))])
        return Result(table: table, ids: idColumn, clusterCount: reps.count)
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        Presentation(.table(r.table, digits: nil))
    }
}
