import Plotting

/// `line`: one or more series against an x column — explained variance, elbow curves, ARI by dimension.
struct LineDirective: Directive {
    let name = "line"
    let summary = "Line plot of table columns (or a list), with optional reference lines and a marked point."
    let version = 1
    let output = OutputKind.figure

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.table, .list, .matrix]), required: true,
                       doc: "the data: a table (e.g. `pca.summary`) or a list of numbers"),
            OptionSpec("x", .string, role: .presentation, doc: "column for the x axis; default the first column"),
            OptionSpec("y", .list(.string), role: .presentation, doc: "column(s) to draw; default every other numeric column"),
            OptionSpec("hline", .number(nil), role: .presentation, doc: "draw a dashed horizontal line at this y"),
            OptionSpec("hline_label", .string, role: .presentation, doc: "text on the horizontal line"),
            OptionSpec("vline", .number(nil), role: .presentation, doc: "draw a dashed vertical line at this x"),
            OptionSpec("vline_label", .string, role: .presentation, doc: "text on the vertical line"),
            OptionSpec("mark", .reference(accepts: [.number]), doc: "circle the point at this x on the first series (e.g. `km.elbow`)"),
            OptionSpec("mark_label", .string, role: .presentation, doc: "text by the marked point; `{x}` is replaced by its x"),
            OptionSpec("markers", .bool, default: .bool(true), role: .presentation, doc: "mark every data point"),
            OptionSpec("integer_x", .bool, default: .bool(false), role: .presentation, doc: "whole-number ticks on the x axis"),
            OptionSpec("ylim", .list(.number(nil)), role: .presentation, doc: "y-axis limits [low, high]"),
        ] + FigureOptions.specs()
    }

    func run(_ context: RunContext) throws -> Value { .null }

    func present(_ context: PresentContext) throws -> Presentation {
        let table: Table
        let input = try context.input("input")
        do { table = try ValueTables.table(from: input) } catch {
            throw DirectiveError(error.message, option: "input")
        }
        let xName = context.options.string("x") ?? table.columns.first?.name ?? ""
        guard let xColumn = table[xName], let xs = xColumn.numbers else {
            throw DirectiveError("`x` = `\(xName)` is not a numeric column; columns: " + table.columns.map(\.name).joined(separator: ", "),
                                 option: "x")
        }
        let yNames = context.options.strings("y") ?? table.columns.filter { $0.name != xName && $0.values.numbers != nil }.map(\.name)
        guard !yNames.isEmpty else { throw DirectiveError("there is no numeric column to draw", option: "y") }
        var layers = [Layer]()
        for (i, yName) in yNames.enumerated() {
            guard let ys = table[yName]?.numbers else {
                throw DirectiveError("`y` names `\(yName)`, which is not a numeric column; columns: "
                                     + table.columns.map(\.name).joined(separator: ", "), option: "y")
            }
            layers.append(.line(LineSeries(name: yNames.count > 1 ? yName : nil, x: xs, y: ys, color: Palette.color(i),
                                           markers: context.options.bool("markers") ?? true)))
        }
        if let h = context.options.double("hline") {
            layers.append(.reference(ReferenceLine(.horizontal, at: h, label: context.options.string("hline_label"))))
        }
        if let v = context.options.double("vline") {
            layers.append(.reference(ReferenceLine(.vertical, at: v, label: context.options.string("vline_label"))))
        }
        if let markValue = context.inputs["mark"], let x = markValue.number, let first = table[yNames[0]]?.numbers,
           let index = xs.firstIndex(of: x) {
            let label = (context.options.string("mark_label") ?? "{x}").replacingOccurrences(of: "{x}", with: ValueFormatter.compact(x))
            layers.append(.annotation(Annotation(x: x, y: first[index], text: label, color: Palette.color(3))))
        }
        var ylim: ClosedRange<Double>?
        if let limits = context.options.numbers("ylim") {
            guard limits.count == 2, limits[0] < limits[1] else {
                throw DirectiveError("`ylim` needs two increasing numbers, e.g. [0, 1]", option: "ylim")
            }
            ylim = limits[0]...limits[1]
        }
        let figure = FigureOptions(context.options).figure(axes: Axes(
            xLabel: context.options.string("xlabel") ?? xName,
            yLabel: context.options.string("ylabel") ?? (yNames.count == 1 ? yNames[0] : nil),
            layers: layers, yLimits: ylim, integerXTicks: context.options.bool("integer_x") ?? false))
        return Presentation(.figure(figure))
    }
}
