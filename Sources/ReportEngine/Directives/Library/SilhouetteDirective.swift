import Analysis

/// `silhouette`: how well separated a clustering's clusters are on the points it was found on —
/// scikit-learn's `silhouette_samples`, averaged per cluster and overall (`silhouette_score`).
struct SilhouetteDirective: Directive {
    let name = "silhouette"
    let summary = "Silhouette coefficients of a clustering on its points (scikit-learn's definition): a table per cluster and the mean."
    let version = 1
    let output = OutputKind.table

    var options: [OptionSpec] {
        [
            OptionSpec("labels", .reference(accepts: [.labels]), required: true, doc: "the cluster labels (integers), e.g. a `kmeans` or `optics` result"),
            OptionSpec("points", .reference(accepts: [.matrix]), required: true,
                       doc: "the points that were clustered (joined to the labels by item id)"),
            OptionSpec("exclude_noise", .bool, default: .bool(false),
                       doc: "leave out items labelled −1 (OPTICS noise); scikit-learn counts them as one more cluster"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        guard case .labels(let labels) = try context.input("labels").resolvingPrimary, let clusters = ItemJoin.integers(labels) else {
            throw DirectiveError("`labels` must be integer cluster labels", option: "labels")
        }
        guard case .matrix(let points) = try context.input("points").resolvingPrimary else {
            throw DirectiveError("`points` must be a matrix", option: "points")
        }
        var pairs = ItemJoin.common(points.ids, labels.ids)
        if context.options.bool("exclude_noise") == true { pairs = pairs.filter { clusters[$0.b] != -1 } }
        guard !pairs.isEmpty else { throw DirectiveError("`labels` and `points` share no item ids", option: "points") }
        let joined = pairs.map { clusters[$0.b] }
        let values: [Double]
        do { values = try Silhouette.samples(points.matrix.selectingRows(pairs.map(\.a)), labels: joined) } catch {
            throw DirectiveError(error.description, option: "labels")
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
        return .record(Record([
            .init("table", .table(table)),
            .init("score", .double(values.reduce(0, +) / Double(values.count))),
            .init("n_clusters", .int(names.count)),
            .init("n_items", .int(values.count)),
        ], primary: "table"))
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, case .table(let table)? = r["table"] else { return Presentation() }
        return Presentation(.table(table, digits: 3))
    }
}
