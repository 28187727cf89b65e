import Analysis

/// `representatives`: per cluster, the member(s) nearest its centroid in the clustered space.
struct RepresentativesDirective: Directive {
    let name = "representatives"
    let summary = "Per cluster, the member nearest its centroid (Euclidean, in the space that was clustered); noise excluded."
    let version = 1
    let output = OutputKind.table

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.matrix]), required: true, doc: "the clustered points (e.g. the UMAP embedding)"),
            OptionSpec("labels", .reference(accepts: [.labels]), required: true, doc: "cluster labels of those points"),
            OptionSpec("n", .int(1...1000), default: .int(1), doc: "members per cluster, nearest first"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        guard case .matrix(let points) = try context.input("input").resolvingPrimary else {
            throw DirectiveError("`input` must be a matrix", option: "input")
        }
        guard case .labels(let labels) = try context.input("labels").resolvingPrimary, let ints = ItemJoin.integers(labels) else {
            throw DirectiveError("`labels` must be integer cluster labels", option: "labels")
        }
        let joined = ItemJoin.common(points.ids, labels.ids)
        guard !joined.isEmpty else { throw DirectiveError("`input` and `labels` share no item ids", option: "labels") }
        let x = points.matrix.selectingRows(joined.map(\.a))
        let ids = joined.map { points.ids[$0.a] }
        let reps = Representatives.nearestToCentroid(x, labels: joined.map { ints[$0.b] }, count: context.options.int("n") ?? 1)
        var clusterColumn = [Int](), rankColumn = [Int](), idColumn = [String]()
        for rep in reps {
            for (rank, member) in rep.members.enumerated() {
                clusterColumn.append(rep.cluster)
                rankColumn.append(rank + 1)
                idColumn.append(ids[member])
            }
        }
        return .record(Record([
            .init("table", .table(Table([.init("cluster", .ints(clusterColumn)), .init("rank", .ints(rankColumn)),
                                         .init("id", .strings(idColumn))]))),
            .init("ids", .list(idColumn.map(Value.string))),
            .init("n_clusters", .int(reps.count)),
        ], primary: "table"))
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, case .table(let table) = r["table"] else { return Presentation() }
        return Presentation(.table(table, digits: nil))
    }
}
