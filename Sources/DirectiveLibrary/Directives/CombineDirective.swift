import LinearAlgebra
import ReportEngine

/// `combine`: several datasets as one set of items, keeping each item's `source` (MOST + synthetic); or
/// several `features` results as one matrix, so each source's features are computed once and shared by
/// the experiments that use them.
struct CombineDirective: TypedDirective {
    let name = "combine"
    let summary = "Several datasets as one (rows of all, shared label columns, each item's source kept), or several `features` results as one matrix."
    /// 2: features results carry `precision`. 3: and `window`, `frame`.
    let version = 3
    /// Combined features carry the features step's description of its network: its fields follow that directive.
    var builtOn: [any Directive] { [FeaturesDirective()] }
    let output = OutputKind.text

    static let inputs = InputOption.references(
        "inputs", accepts: [.record], required: true,
        doc: "the `dataset` results to combine, e.g. [most, synthetic], or `features` results of the same network")

    var options: [OptionSpec] { [Self.inputs.spec] }

    /// Datasets combined: the rows of all, the label columns they share.
    struct Datasets: DirectiveResult {
        var table: Table
        var count: Int
        var source: ItemLabels
        var labels: [ItemLabels]

        static let primary: String? = "table"
        static var fields: [ResultField<Datasets>] {
            [
                .init("table", \.table, doc: "id, file and the columns every input has, the inputs' rows in order"),
                .init("count", \.count, doc: "images"),
                .init("source", \.source, doc: "each image's source"),
            ]
        }
        static var otherFields: (shape: ValueShape, doc: String)? { (.labels, "each shared label column as labels, named after it") }
        var otherFieldValues: [Record.Field] { labels.map { Record.Field($0.name, .labels($0)) } }

        init(reading r: ResultReader<Datasets>) throws(ResultError) {
            (table, count, source) = (try r(\.table), try r(\.count), try r(\.source))
            labels = r.others.compactMap { if case .labels(let l) = $0.value { l } else { nil } }
        }

        init(table: Table, count: Int, source: ItemLabels, labels: [ItemLabels]) {
            (self.table, self.count, self.source, self.labels) = (table, count, source, labels)
        }
    }

    /// Features combined: one matrix, the network they share.
    struct Features: DirectiveResult {
        var features: ItemMatrix
        var count: Int
        var network: FeatureNetwork

        static let primary: String? = "features"
        static var fields: [ResultField<Features>] {
            [
                .init("features", \.features, doc: "the inputs' features, their rows in order"),
                .init("count", \.count, doc: "images"),
            ] + FeatureNetwork.fields(at: \.network)
        }

        init(reading r: ResultReader<Features>) throws(ResultError) {
            (features, count) = (try r(\.features), try r(\.count))
            network = try FeatureNetwork(reading: ResultReader(r.record))
        }

        init(features: ItemMatrix, count: Int, network: FeatureNetwork) { (self.features, self.count, self.network) = (features, count, network) }
    }

    enum Result: ResultValue {
        case datasets(Datasets)
        case features(Features)

        static var shape: ValueShape { Datasets.shape }
        var value: Value {
            switch self {
            case .datasets(let d): d.value
            case .features(let f): f.value
            }
        }
        init?(value: Value) {
            if let features = Features(value: value) {
                self = .features(features)
            } else if let datasets = Datasets(value: value) {
                self = .datasets(datasets)
            } else {
                return nil
            }
        }
    }

    /// Features when the first input is features (`litmus check` reads the fields of the right one).
    func resultShape(options: ResolvedOptions, inputs: [String: ValueShape]) -> ValueShape {
        if case .record(let fields, _, _)? = inputs["\(Self.inputs.name)[0]"], fields.contains(where: { $0.name == "features" }) {
            return Features.shape
        }
        return Datasets.shape
    }

    func compute(_ context: RunContext) throws -> Result {
        let values = context.values(Self.inputs)
        guard !values.isEmpty else { throw DirectiveError("`inputs` needs at least one dataset", option: Self.inputs.name) }
        let features = values.map(Features.init(value:))
        if features.allSatisfy({ $0 != nil }) { return .features(try combine(features.map { $0! })) }
        var tables = [Table]()
        for (i, value) in values.enumerated() {
            guard case .record(let r) = value, case .table(let t) = r["table"], t["id"] != nil else {
                throw DirectiveError("`inputs[\(i)]` is not a `dataset` or `features` result", option: Self.inputs.name)
            }
            tables.append(t)
        }
        // Columns every input has, in the first input's order.
        let shared = tables[0].columns.map(\.name).filter { name in tables.allSatisfy { $0[name] != nil } }
        let table = Table(shared.map { name in Table.NamedColumn(name, Self.concatenate(tables.map { $0[name]! })) })
        guard case .strings(let ids)? = table["id"] else { throw DirectiveError("dataset ids must be text", option: Self.inputs.name) }
        var seen = Set<String>()
        if let duplicate = ids.first(where: { !seen.insert($0).inserted }) {
            throw DirectiveError("the item `\(duplicate)` is in two inputs; give each dataset its own `source`", option: Self.inputs.name)
        }
        let labels = table.columns.filter { !["id", "file"].contains($0.name) }.map { ItemLabels(ids: ids, column: $0.values, name: $0.name) }
        guard let source = labels.first(where: { $0.name == "source" }) else {
            throw DirectiveError("the inputs share no `source` column; combine `dataset` results", option: Self.inputs.name)
        }
        return .datasets(Datasets(table: table, count: ids.count, source: source, labels: labels.filter { $0.name != "source" }))
    }

    private func combine(_ inputs: [Features]) throws -> Features {
        for input in inputs.dropFirst() {
            if let field = input.network.firstDifference(from: inputs[0].network) {
                throw DirectiveError(
                    "the `features` inputs differ in `\(field)`; combine features made by the same network, weights and preprocessing",
                    option: Self.inputs.name)
            }
        }
        let ids = inputs.flatMap(\.features.ids)
        var seen = Set<String>()
        if let duplicate = ids.first(where: { !seen.insert($0).inserted }) {
            throw DirectiveError("the item `\(duplicate)` is in two inputs; combine features of different images", option: Self.inputs.name)
        }
        let first = inputs[0].features
        let stacked = Matrix(rows: ids.count, columns: first.matrix.columns, storage: inputs.flatMap(\.features.matrix.storage))
        return Features(features: ItemMatrix(ids: ids, matrix: stacked, columnNames: first.columnNames), count: ids.count, network: inputs[0].network)
    }

    /// Columns joined end to end; mixed kinds become text.
    static func concatenate(_ parts: [Column]) -> Column {
        let integers = parts.compactMap { column -> [Int]? in if case .ints(let v) = column { v } else { nil } }
        if integers.count == parts.count { return .ints(integers.flatMap { $0 }) }
        if parts.allSatisfy({ $0.numbers != nil }) { return .doubles(parts.flatMap { $0.numbers! }) }
        return .strings(parts.flatMap { column in (0..<column.count).map(column.text(at:)) })
    }

    func present(_ result: Result, _ context: PresentContext) throws -> Presentation {
        switch result {
        case .features(let f):
            return Presentation(.markdown("Combined the features (\(f.features.matrix.columns)-d) of \(f.features.matrix.rows) images."))
        case .datasets(let d):
            let names = (0..<d.source.ids.count).map { d.source.column.text(at: $0) }
            let counts = Dictionary(grouping: names, by: { $0 }).mapValues(\.count)
            let parts = counts.keys.sorted().map { "\(MarkdownText.escape($0)) \(counts[$0]!)" }.joined(separator: ", ")
            return Presentation(.markdown("Combined \(d.count) images (\(parts))."))
        }
    }
}
