import Plotting

/// `heatmap`: a matrix or the numeric columns of a table as coloured cells with their values.
struct HeatmapDirective: Directive {
    let name = "heatmap"
    let summary = "A matrix or a table's numeric columns (e.g. a composition) as coloured cells with values and a colour bar."
    let version = 1
    let output = OutputKind.figure

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.table, .matrix, .record]), required: true,
                       doc: "a table (its first text column names the rows) or a matrix"),
            OptionSpec("columns", .list(.string), role: .presentation, doc: "the columns to show; default every numeric column"),
            OptionSpec("colormap", .choice(Colormap.allCases.map(\.rawValue)), default: .string("viridis"), role: .presentation,
                       doc: "colour scale: viridis (perceptual, default), inferno, turbo or jet"),
            OptionSpec("digits", .int(0...6), default: .int(1), role: .presentation, doc: "decimals of the values written in the cells"),
            OptionSpec("values", .bool, default: .bool(true), role: .presentation, doc: "write the values in the cells"),
            OptionSpec("colorbar_label", .string, role: .presentation, doc: "title above the colour bar"),
        ] + FigureOptions.specs()
    }

    func run(_ context: RunContext) throws -> Value { .null }

    func present(_ context: PresentContext) throws -> Presentation {
        let table: Table
        let input = try context.input("input").resolvingPrimary
        do { table = try ValueTables.table(from: input) } catch { throw DirectiveError(error.message, option: "input") }
        let rowNames = table.columns.first { $0.values.numbers == nil }.map { c in (0..<table.rowCount).map { c.values.text(at: $0) } }
            ?? (0..<table.rowCount).map(String.init)
        let names = context.options.strings("columns") ?? table.columns.filter { $0.values.numbers != nil && $0.name != "id" }.map(\.name)
        var columns = [[Double]]()
        for name in names {
            guard let values = table[name]?.numbers else {
                throw DirectiveError("`\(name)` is not a numeric column; columns: " + table.columns.map(\.name).joined(separator: ", "),
                                     option: "columns")
            }
            columns.append(values)
        }
        guard !columns.isEmpty, table.rowCount > 0 else { throw DirectiveError("there is nothing numeric to draw", option: "input") }
        guard table.rowCount <= 200, columns.count <= 200 else {
            throw DirectiveError("a heatmap of \(table.rowCount) × \(columns.count) cells is unreadable; select columns or rows first",
                                 option: "input")
        }
        let values = (0..<table.rowCount).flatMap { r in columns.map { $0[r] } }
        let layer = HeatmapLayer(rows: table.rowCount, columns: columns.count, values: values,
                                 colormap: Colormap(rawValue: context.options.string("colormap") ?? "viridis") ?? .viridis,
                                 valueDecimals: context.options.bool("values") == false ? nil : (context.options.int("digits") ?? 1),
                                 colorbarLabel: context.options.string("colorbar_label"))
        let figure = FigureOptions(context.options).figure(axes: Axes(
            xLabel: context.options.string("xlabel"), yLabel: context.options.string("ylabel"),
            layers: [.heatmap(layer)], grid: false, xCategories: names, yCategories: rowNames))
        return Presentation(.figure(figure))
    }
}
