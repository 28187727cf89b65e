import Analysis

/// `composition`: clusters × another label (source, KL grade, health group) as counts and shares, with
/// the majority-mapping accuracy ("the clusters separate real from synthetic with 99 % accuracy").
struct CompositionDirective: Directive {
    let name = "composition"
    let summary = "Clusters × any label: counts, row percentages, majority label and the majority-mapping accuracy."
    let version = 1
    let output = OutputKind.table

    var options: [OptionSpec] {
        [
            OptionSpec("clusters", .reference(accepts: [.labels]), required: true, doc: "the cluster labels"),
            OptionSpec("by", .reference(accepts: [.labels]), required: true, doc: "the label to break clusters down by (joined by item id)"),
            OptionSpec("include_noise", .bool, default: .bool(false), doc: "count noise (−1) in the accuracy"),
            OptionSpec("percent", .bool, default: .bool(true), role: .presentation, doc: "show row percentages beside the counts"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        guard case .labels(let clusters) = try context.input("clusters").resolvingPrimary, let ints = ItemJoin.integers(clusters) else {
            throw DirectiveError("`clusters` must be integer cluster labels", option: "clusters")
        }
        guard case .labels(let by) = try context.input("by").resolvingPrimary else {
            throw DirectiveError("`by` must be labels", option: "by")
        }
        let pairs = ItemJoin.common(clusters.ids, by.ids)
        guard !pairs.isEmpty else {
            throw DirectiveError("`clusters` and `by` share no item ids; they must describe the same items", option: "by")
        }
        let composition = Composition(clusters: pairs.map { ints[$0.a] }, categories: pairs.map { by.column.text(at: $0.b) })
        let rows = composition.clusters.indices
        var columns: [Table.NamedColumn] = [
            .init("cluster", .strings(composition.clusters.map { $0 == -1 ? "noise" : String($0) })),
            .init("size", .ints(rows.map(composition.size(ofRow:)))),
        ]
        for (k, category) in composition.categories.enumerated() {
            columns.append(.init(category, .ints(rows.map { composition.counts[$0][k] })))
        }
        for (k, category) in composition.categories.enumerated() {
            columns.append(.init("% \(category)", .doubles(rows.map {
                100 * Double(composition.counts[$0][k]) / Double(max(composition.size(ofRow: $0), 1))
            })))
        }
        columns.append(.init("majority", .strings(rows.map(composition.majority(ofRow:)))))
        let accuracy = composition.majorityAccuracy(includeNoise: context.options.bool("include_noise") ?? false)
        return .record(Record([
            .init("table", .table(Table(columns))),
            .init("accuracy", .double(accuracy)),
            .init("n_clusters", .int(composition.clusters.filter { $0 != -1 }.count)),
            .init("n_items", .int(pairs.count)),
            .init("label", .string(by.name)),
        ], primary: "table"))
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, case .table(var table) = r["table"] else { return Presentation() }
        if context.options.bool("percent") == false {
            table = Table(table.columns.filter { !$0.name.hasPrefix("% ") })
        }
        return Presentation(.table(table, digits: 1))
    }
}
