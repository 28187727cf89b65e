import Plotting
import ReportEngine

/// `heatmap`: a matrix or the numeric columns of a table as coloured cells with their values.
struct HeatmapDirective: TypedDirective {
    let name = "heatmap"
    let summary = "A matrix or a table's numeric columns (e.g. a composition) as coloured cells with values and a colour bar."
    let version = 1
    let output = OutputKind.figure

    static let input = InputOption.reference(
        "input", accepts: [.table, .matrix, .record], required: true,
        doc: "a table (its first text column names the rows) or a matrix")
    static let columns = Option<[String]?>("columns", .list(.string), role: .presentation, doc: "the columns to show; default every numeric column")
    static let colormap = Option<Colormap>(
        "colormap", default: .viridis, role: .presentation,
        doc: "colour scale: viridis (perceptual, default), inferno, turbo or jet")
    static let digits = Option<Int>("digits", .int(0...6), default: 1, role: .presentation, doc: "decimals of the values written in the cells")
    static let values = Option<Bool>("values", .bool, default: true, role: .presentation, doc: "write the values in the cells")
    static let colorbarLabel = Option<String?>("colorbar_label", .string, role: .presentation, doc: "title above the colour bar")

    var options: [OptionSpec] {
        OptionSpec.of([Self.input, Self.columns, Self.colormap, Self.digits, Self.values, Self.colorbarLabel] + FigureOptions.keys())
    }

    typealias Result = NoResult

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        let o = context.options
        let table: Table
        let input = try context.value(Self.input).resolvingPrimary
        do { table = try ValueTables.table(from: input) } catch { throw DirectiveError(error.message, option: Self.input.name) }
        let rowNames =
            table.columns.first { $0.values.numbers == nil }.map { c in (0..<table.rowCount).map { c.values.text(at: $0) } }
            ?? (0..<table.rowCount).map(String.init)
        let names = o[Self.columns] ?? table.columns.filter { $0.values.numbers != nil && $0.name != "id" }.map(\.name)
        var columns = [[Double]]()
        for name in names {
            guard let values = table[name]?.numbers else {
                throw DirectiveError(
                    "`\(name)` is not a numeric column; columns: " + table.columns.map(\.name).joined(separator: ", "),
                    option: Self.columns.name)
            }
            columns.append(values)
        }
        guard !columns.isEmpty, table.rowCount > 0 else { throw DirectiveError("there is nothing numeric to draw", option: Self.input.name) }
        guard table.rowCount <= 200, columns.count <= 200 else {
            throw DirectiveError(
                "a heatmap of \(table.rowCount) × \(columns.count) cells is unreadable; select columns or rows first",
                option: Self.input.name)
        }
        let values = (0..<table.rowCount).flatMap { r in columns.map { $0[r] } }
        let layer = HeatmapLayer(
            rows: table.rowCount, columns: columns.count, values: values, colormap: o[Self.colormap],
            valueDecimals: o[Self.values] ? o[Self.digits] : nil, colorbarLabel: o[Self.colorbarLabel])
        return .plot(
            FigureOptions.figure(
                o,
                axes: Axes(
                    xLabel: o[FigureOptions.xLabel], yLabel: o[FigureOptions.yLabel],
                    layers: [.heatmap(layer)], grid: false, xCategories: names, yCategories: rowNames)))
    }
}
