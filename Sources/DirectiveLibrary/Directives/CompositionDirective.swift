import Analysis
import Foundation
import ReportEngine

/// `composition`: clusters × another label (source, KL grade, health group) as counts and shares, with
/// the majority-mapping accuracy ("the clusters separate real from synthetic with 99 % accuracy").
struct CompositionDirective: TypedDirective {
    let name = "composition"
    let summary = "Clusters × any label: counts, row percentages, majority label and the majority-mapping accuracy."
    let version = 1
    let output = OutputKind.table

    static let clusters = InputOption.reference("clusters", accepts: [.labels], required: true, doc: "the cluster labels")
    static let by = InputOption.reference("by", accepts: [.labels], required: true, doc: "the label to break clusters down by (joined by item id)")
    static let includeNoise = Option<Bool>("include_noise", .bool, default: false, doc: "count noise (−1) in the accuracy")
    static let percent = Option<Bool>("percent", .bool, default: true, role: .presentation, doc: "show row percentages beside the counts")

    var options: [OptionSpec] { OptionSpec.of([Self.clusters, Self.by, Self.includeNoise, Self.percent]) }

    struct Result: DirectiveResult {
        var table: Table
        var accuracy: Double
        var clusterCount: Int
        var itemCount: Int
        var label: String

        static let primary: String? = "table"
        static var fields: [ResultField<Result>] {
            [
                .init("table", \.table, doc: "cluster, size, a count column per category, `% category` shares, majority"),
                .init("accuracy", \.accuracy, doc: "share of items whose category is their cluster's majority"),
                .init("n_clusters", \.clusterCount, doc: "clusters, noise not counted"),
                .init("n_items", \.itemCount, doc: "items in both labelings"),
                .init("label", \.label, doc: "the name of the `by` label"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (table, accuracy, clusterCount, itemCount, label) = (
                try r(\.table), try r(\.accuracy), try r(\.clusterCount), try r(\.itemCount), try r(\.label)
            )
        }

        init(table: Table, accuracy: Double, clusterCount: Int, itemCount: Int, label: String) {
            (self.table, self.accuracy, self.clusterCount, self.itemCount, self.label) = (table, accuracy, clusterCount, itemCount, label)
        }

        /// Each cluster's size and majority ("n 120 · 62 % most"), by the cluster's name in `table`.
        var captions: [String: String] {
            guard case .strings(let clusters)? = table["cluster"], let sizes = table["size"], case .strings(let majority)? = table["majority"] else {
                return [:]
            }
            var captions = [String: String]()
            for (row, cluster) in clusters.enumerated() {
                let share =
                    table["% \(majority[row])"].flatMap { column -> String? in
                        guard case .doubles(let values) = column else { return nil }
                        return String(format: "%.0f %% ", values[row])
                    } ?? ""
                // A bare number as the majority (a KL grade) reads better with its label: "62 % kl 2".
                let majorityText = Double(majority[row]) != nil ? "\(label) \(majority[row])" : majority[row]
                captions[cluster] = "n \(sizes.text(at: row)) · \(share)\(majorityText)"
            }
            return captions
        }
    }

    func compute(_ context: RunContext) throws -> Result {
        let (clusters, ints) = try context.clusterLabels(Self.clusters)
        let by = try context.labels(Self.by)
        let pairs = ItemJoin.common(clusters.ids, by.ids)
        guard !pairs.isEmpty else {
            throw DirectiveError("`clusters` and `by` share no item ids; they must describe the same items", option: Self.by.name)
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
            columns.append(
                .init(
                    "% \(category)",
                    .doubles(
                        rows.map {
                            100 * Double(composition.counts[$0][k]) / Double(max(composition.size(ofRow: $0), 1))
                        })))
        }
        columns.append(.init("majority", .strings(rows.map(composition.majority(ofRow:)))))
        return Result(
            table: Table(columns), accuracy: composition.majorityAccuracy(includeNoise: context.options[Self.includeNoise]),
            clusterCount: composition.clusters.filter { $0 != -1 }.count, itemCount: pairs.count, label: by.name)
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        let table = context.options[Self.percent] ? r.table : Table(r.table.columns.filter { !$0.name.hasPrefix("% ") })
        return Presentation(.table(table, digits: 1))
    }
}
