import ReportEngine

/// `table`: a result shown as a Markdown table.
struct TableDirective: TypedDirective {
    let name = "table"
    let summary = "A table, matrix, label vector, list or record as a numbered table in the document."
    let version = 1
    let output = OutputKind.table

    static let input = InputOption.reference(
        "input", accepts: [.table, .matrix, .labels, .list, .record], required: true,
        doc: "the value to show, e.g. `pca.summary`")
    static let columns = Option<[String]?>("columns", .list(.string), role: .presentation, doc: "the columns to show, in this order; default all")
    static let maxRows = Option<Int>(
        "max_rows", .int(1...100_000), default: 50, role: .presentation,
        doc: "rows shown at most; the rest are summarised in one line")
    static let digits = Option<Int?>("digits", .int(0...12), role: .presentation, doc: "decimals for numbers; default 4 significant digits")

    var options: [OptionSpec] { OptionSpec.of([Self.input, Self.columns, Self.maxRows, Self.digits]) }

    typealias Result = NoResult

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        var table: Table
        let input = try context.value(Self.input)
        do { table = try ValueTables.table(from: input) } catch { throw DirectiveError(error.message, option: Self.input.name) }
        if let names = context.options[Self.columns] {
            table = Table(
                try names.map { name in
                    guard let column = table[name] else {
                        throw DirectiveError(
                            "the table has no column `\(name)`; columns: "
                                + table.columns.map(\.name).joined(separator: ", "), option: Self.columns.name)
                    }
                    return Table.NamedColumn(name, column)
                })
        }
        let limit = context.options[Self.maxRows]
        if table.rowCount > limit {
            let kept = Array(0..<limit)
            table = Table(table.columns.map { .init($0.name, $0.values.selecting(kept)) }, omittedRows: table.rowCount - limit)
        }
        return Presentation(.table(table, digits: context.options[Self.digits]))
    }
}
