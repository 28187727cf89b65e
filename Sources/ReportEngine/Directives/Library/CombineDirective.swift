/// `combine`: several datasets as one set of items, keeping each item's `source` (MOST + synthetic).
struct CombineDirective: Directive {
    let name = "combine"
    let summary = "Several datasets as one: rows of all of them, label columns they share, each item's source kept."
    let version = 1
    let output = OutputKind.text

    var options: [OptionSpec] {
        [OptionSpec("inputs", .list(.reference(accepts: [.record])), required: true, doc: "the `dataset` results to combine, e.g. [most, synthetic]")]
    }

    func run(_ context: RunContext) throws -> Value {
        let count = context.inputs.keys.filter { $0.hasPrefix("inputs[") }.count
        guard count >= 1 else { throw DirectiveError("`inputs` needs at least one dataset", option: "inputs") }
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

    /// Columns joined end to end; mixed kinds become text.
    static func concatenate(_ parts: [Column]) -> Column {
        let integers = parts.compactMap { column -> [Int]? in if case .ints(let v) = column { v } else { nil } }
        if integers.count == parts.count { return .ints(integers.flatMap { $0 }) }
        if parts.allSatisfy({ $0.numbers != nil }) { return .doubles(parts.flatMap { $0.numbers! }) }
        return .strings(parts.flatMap { column in (0..<column.count).map(column.text(at:)) })
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, let n = r["count"]?.number, case .labels(let sources)? = r["source"] else {
            return Presentation()
        }
        let names = (0..<sources.ids.count).map { sources.column.text(at: $0) }
        let counts = Dictionary(grouping: names, by: { $0 }).mapValues(\.count)
        let parts = counts.keys.sorted().map { "\(MarkdownText.escape($0)) \(counts[$0]!)" }.joined(separator: ", ")
        return Presentation(.markdown("Combined \(Int(n)) images (\(parts))."))
    }
}
