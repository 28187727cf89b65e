import LinearAlgebra

/// `combine`: several datasets as one set of items, keeping each item's `source` (MOST + synthetic); or
/// several `features` results as one matrix, so each source's features are computed once and shared by
/// the experiments that use them.
struct CombineDirective: Directive {
    let name = "combine"
    let summary = "Several datasets as one (rows of all, shared label columns, each item's source kept), or several `features` results as one matrix."
    /// 2: features results carry `precision`. 3: and `window`, `frame`.
    let version = 3
    let output = OutputKind.text

    var options: [OptionSpec] {
        [OptionSpec("inputs", .list(.reference(accepts: [.record])), required: true,
                    doc: "the `dataset` results to combine, e.g. [most, synthetic], or `features` results of the same network")]
    }

    func run(_ context: RunContext) throws -> Value {
        let count = context.inputs.keys.filter { $0.hasPrefix("inputs[") }.count
        guard count >= 1 else { throw DirectiveError("`inputs` needs at least one dataset", option: "inputs") }
        let records = try (0..<count).map { i -> Record in
            guard case .record(let r) = try context.input("inputs[\(i)]") else {
                throw DirectiveError("`inputs[\(i)]` is not a `dataset` or `features` result", option: "inputs")
            }
            return r
        }
        if records.allSatisfy({ Self.isFeatures($0) }) { return try combineFeatures(records) }
        var tables = [Table]()
        for i in 0..<count {
            guard case .record(let r) = try context.input("inputs[\(i)]"), case .table(let t) = r["table"], t["id"] != nil else {
                throw DirectiveError("`inputs[\(i)]` is not a `dataset` result", option: "inputs")
            }
            tables.append(t)
        }
        // Columns every input has, in the first input's order.
        let shared = tables[0].columns.map(\.name).filter { name in tables.allSatisfy { $0[name] != nil } }
        var columns = [Table.NamedColumn]()
        for name in shared {
            let parts = tables.map { $0[name]! }
            columns.append(.init(name, Self.concatenate(parts)))
        }
        let table = Table(columns)
        guard case .strings(let ids) = table["id"]! else { throw DirectiveError("dataset ids must be text", option: "inputs") }
        var seen = Set<String>()
        if let duplicate = ids.first(where: { !seen.insert($0).inserted }) {
            throw DirectiveError("the item `\(duplicate)` is in two inputs; give each dataset its own `source`", option: "inputs")
        }
        var fields: [Record.Field] = [.init("table", .table(table)), .init("count", .int(ids.count))]
        for column in table.columns where !["id", "file"].contains(column.name) {
            fields.append(.init(column.name, .labels(ItemLabels(ids: ids, column: column.values, name: column.name))))
        }
        return .record(Record(fields, primary: "table"))
    }

    private static func isFeatures(_ record: Record) -> Bool {
        if case .matrix? = record["features"], record["weights"] != nil { return true }
        return false
    }

    /// The fields that say how features were made; inputs must agree on them.
    private static let networkFields = ["weights", "imagenet", "size", "layer", "preprocess", "precision", "window", "frame", "weights_file", "weights_seed"]

    private func combineFeatures(_ records: [Record]) throws -> Value {
        for field in Self.networkFields where records.contains(where: { $0[field] != records[0][field] }) {
            throw DirectiveError("the `features` inputs differ in `\(field)`; combine features made by the same network, weights and preprocessing",
                                 option: "inputs")
        }
        let matrices = records.compactMap { record -> ItemMatrix? in if case .matrix(let m)? = record["features"] { m } else { nil } }
        let ids = matrices.flatMap(\.ids)
        var seen = Set<String>()
        if let duplicate = ids.first(where: { !seen.insert($0).inserted }) {
            throw DirectiveError("the item `\(duplicate)` is in two inputs; combine features of different images", option: "inputs")
        }
        let columns = matrices[0].matrix.columns
        let stacked = Matrix(rows: ids.count, columns: columns, storage: matrices.flatMap(\.matrix.storage))
        var fields: [Record.Field] = [
            .init("features", .matrix(ItemMatrix(ids: ids, matrix: stacked, columnNames: matrices[0].columnNames))),
            .init("count", .int(ids.count)),
        ]
        fields += Self.networkFields.compactMap { name in records[0][name].map { Record.Field(name, $0) } }
        return .record(Record(fields, primary: "features"))
    }

    /// Columns joined end to end; mixed kinds become text.
    static func concatenate(_ parts: [Column]) -> Column {
        let integers = parts.compactMap { column -> [Int]? in if case .ints(let v) = column { v } else { nil } }
        if integers.count == parts.count { return .ints(integers.flatMap { $0 }) }
        if parts.allSatisfy({ $0.numbers != nil }) { return .doubles(parts.flatMap { $0.numbers! }) }
        return .strings(parts.flatMap { column in (0..<column.count).map(column.text(at:)) })
    }

    func present(_ context: PresentContext) throws -> Presentation {
        if case .record(let r) = context.value, case .matrix(let m)? = r["features"] {
            return Presentation(.markdown("Combined the features (\(m.matrix.columns)-d) of \(m.matrix.rows) images."))
        }
        guard case .record(let r) = context.value, let n = r["count"]?.number, case .labels(let sources)? = r["source"] else {
            return Presentation()
        }
        let names = (0..<sources.ids.count).map { sources.column.text(at: $0) }
        let counts = Dictionary(grouping: names, by: { $0 }).mapValues(\.count)
        let parts = counts.keys.sorted().map { "\(MarkdownText.escape($0)) \(counts[$0]!)" }.joined(separator: ", ")
        return Presentation(.markdown("Combined \(Int(n)) images (\(parts))."))
    }
}
