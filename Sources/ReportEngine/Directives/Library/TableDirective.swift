/// `table`: a result shown as a Markdown table.
struct TableDirective: Directive {
    let name = "table"
    let summary = "A table, matrix, label vector, list or record as a numbered table in the document."
    let version = 1
    let output = OutputKind.table

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.table, .matrix, .labels, .list, .record]), required: true,
                       doc: "the value to show, e.g. `pca.summary`"),
            OptionSpec("columns", .list(.string), role: .presentation, doc: "the columns to show, in this order; default all"),
            OptionSpec("max_rows", .int(1...100_000), default: .int(50), role: .presentation,
                       doc: "rows shown at most; the rest are summarised in one line"),
            OptionSpec("digits", .int(0...12), role: .presentation,
                       doc: "decimals for numbers; default 4 significant digits"),
        ]
    }

    func run(_ context: RunContext) throws -> Value { .null }

    func present(_ context: PresentContext) throws -> Presentation {
        var table: Table
        let input = try context.input("input")
        do { table = try ValueTables.table(from: input) } catch {
            throw DirectiveError(error.message, option: "input")
        }
        if let names = context.options.strings("columns") {
            table = Table(try names.map { name in
                guard let column = table[name] else {
                    throw DirectiveError("the table has no column `\(name)`; columns: "
                                         + table.columns.map(\.name).joined(separator: ", "), option: "columns")
                }
                return Table.NamedColumn(name, column)
            })
        }
        let limit = context.options.int("max_rows") ?? 50
        if table.rowCount > limit {
            let kept = Array(0..<limit)
            table = Table(table.columns.map { .init($0.name, $0.values.selecting(kept)) }, omittedRows: table.rowCount - limit)
        }
        return Presentation(.table(table, digits: context.options.int("digits")))
    }
}
