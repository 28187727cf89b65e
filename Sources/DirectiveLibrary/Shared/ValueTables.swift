import ReportEngine

/// Views of values as tables, shared by the `table`, `line` and `export` directives.
enum ValueTables {
    struct Failure: Error { let message: String }

    /// A value as a table: tables as they are, matrices and labels with an `id` column, lists with an index.
    static func table(from value: Value) throws(Failure) -> Table {
        switch value {
        case .table(let t):
            return t
        case .matrix(let m):
            var columns = [Table.NamedColumn("id", .strings(m.ids))]
            for c in 0..<m.matrix.columns {
                columns.append(.init(m.name(ofColumn: c), .doubles(m.matrix.column(c).map(Double.init))))
            }
            return Table(columns)
        case .labels(let l):
            return Table([.init("id", .strings(l.ids)), .init(l.name, l.column)])
        case .list(let items):
            return Table([.init("index", .ints(Array(0..<items.count))), .init("value", column(of: items))])
        case .record(let r):
            if let primary = r.primary, let value = r[primary], case .table = value { return try table(from: value) }
            if let rows = recordsOfRecords(r) { return rows }
            let scalars = r.fields.filter { [.number, .string, .bool].contains($0.value.kind) }
            guard !scalars.isEmpty else {
                throw Failure(message: "this result has no table view; name a field: " + r.fields.map(\.name).joined(separator: ", "))
            }
            return Table([
                .init("field", .strings(scalars.map(\.name))),
                .init("value", .strings(scalars.map { ValueFormatter.text($0.value) })),
            ])
        default:
            throw Failure(message: "\(value.kind.article) cannot be shown as a table")
        }
    }

    /// Records that all have the same fields (a `stability` block's summary): a row per record, named in
    /// a first `name` column, a column per field.
    private static func recordsOfRecords(_ r: Record) -> Table? {
        let inner = r.fields.compactMap { if case .record(let f) = $0.value { f } else { nil } }
        guard !inner.isEmpty, inner.count == r.fields.count, let names = inner.first?.fields.map(\.name), !names.isEmpty,
            inner.allSatisfy({ $0.fields.map(\.name) == names })
        else { return nil }
        return Table(
            [.init("name", .strings(r.fields.map(\.name)))]
                + names.map { name in .init(name, column(of: inner.map { $0[name]! })) })
    }

    static func column(of items: [Value]) -> Column {
        if items.allSatisfy({ if case .int = $0 { true } else { false } }) { return .ints(items.compactMap { Int(exactly: $0.number ?? .nan) }) }
        if items.allSatisfy({ $0.number != nil }) { return .doubles(items.compactMap(\.number)) }
        return .strings(items.map(ValueFormatter.text))
    }
}
