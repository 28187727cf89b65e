/// A `Table` as a GitHub-flavoured Markdown table: numbers right-aligned, cells escaped.
struct MarkdownTable {
    let table: Table
    /// Fixed decimals for non-integer numbers; `nil` = 4 significant digits.
    let digits: Int?

    var text: String {
        let header = "| " + table.columns.map { MarkdownText.escape($0.name) }.joined(separator: " | ") + " |"
        let rule = "|" + table.columns.map { $0.values.numbers == nil ? " --- |" : " ---: |" }.joined()
        var lines = [header, rule]
        for r in 0..<table.rowCount {
            lines.append("| " + table.columns.map { MarkdownText.escape(cell($0.values, r)) }.joined(separator: " | ") + " |")
        }
        var text = lines.joined(separator: "\n")
        if table.omittedRows > 0 {
            text += "\n\n*… and \(table.omittedRows) more row\(table.omittedRows == 1 ? "" : "s") (see `max_rows`).*"
        }
        return text
    }

    private func cell(_ column: Column, _ row: Int) -> String {
        if case .doubles(let v) = column, let digits { return ValueFormatter.fixed(v[row], decimals: digits) }
        return column.text(at: row)
    }
}
