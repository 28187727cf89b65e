import Plotting
import ReportEngine

/// `line`: one or more series against an x column — explained variance, elbow curves, ARI by dimension.
struct LineDirective: TypedDirective {
    let name = "line"
    let summary = "Line plot of table columns (or a list), with optional reference lines and a marked point."
    let version = 1
    let output = OutputKind.figure

    static let input = InputOption.reference(
        "input", accepts: [.table, .list, .matrix], required: true,
        doc: "the data: a table (e.g. `pca.summary`) or a list of numbers")
    static let x = Option<String?>("x", .string, role: .presentation, doc: "column for the x axis; default the first column")
    static let y = Option<[String]?>("y", .list(.string), role: .presentation, doc: "column(s) to draw; default every other numeric column")
    static let hline = Option<Double?>("hline", .number(nil), role: .presentation, doc: "draw a dashed horizontal line at this y")
    static let hlineLabel = Option<String?>("hline_label", .string, role: .presentation, doc: "text on the horizontal line")
    static let vline = Option<Double?>("vline", .number(nil), role: .presentation, doc: "draw a dashed vertical line at this x")
    static let vlineLabel = Option<String?>("vline_label", .string, role: .presentation, doc: "text on the vertical line")
    static let mark = InputOption.reference("mark", accepts: [.number], doc: "circle the point at this x on the first series (e.g. `km.elbow`)")
    static let markLabel = Option<String>(
        "mark_label", .string, default: "{x}", role: .presentation,
        doc: "text by the marked point; `{x}` is replaced by its x")
    static let markers = Option<Bool>("markers", .bool, default: true, role: .presentation, doc: "mark every data point")
    static let integerX = Option<Bool>("integer_x", .bool, default: false, role: .presentation, doc: "whole-number ticks on the x axis")
    static let ylim = Option<[Double]?>("ylim", .list(.number(nil)), role: .presentation, doc: "y-axis limits [low, high]")

    var options: [OptionSpec] {
        OptionSpec.of(
            [
                Self.input, Self.x, Self.y, Self.hline, Self.hlineLabel, Self.vline, Self.vlineLabel, Self.mark, Self.markLabel, Self.markers,
                Self.integerX, Self.ylim,
            ] + FigureOptions.keys())
    }

    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] {
        guard let limits = options[Self.ylim] else { return [] }
        return limits.count == 2 && limits[0] < limits[1] ? [] : [(Self.ylim.name, "`ylim` needs two increasing numbers, e.g. [0, 1]")]
    }

    typealias Result = NoResult

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        let o = context.options
        let table: Table
        let input = try context.value(Self.input)
        do { table = try ValueTables.table(from: input) } catch { throw DirectiveError(error.message, option: Self.input.name) }
        let xName = o[Self.x] ?? table.columns.first?.name ?? ""
        guard let xColumn = table[xName], let xs = xColumn.numbers else {
            throw DirectiveError(
                "`x` = `\(xName)` is not a numeric column; columns: " + table.columns.map(\.name).joined(separator: ", "),
                option: Self.x.name)
        }
        let yNames = o[Self.y] ?? table.columns.filter { $0.name != xName && $0.values.numbers != nil }.map(\.name)
        guard !yNames.isEmpty else { throw DirectiveError("there is no numeric column to draw", option: Self.y.name) }
        var layers = [Layer]()
        for (i, yName) in yNames.enumerated() {
            guard let ys = table[yName]?.numbers else {
                throw DirectiveError(
                    "`y` names `\(yName)`, which is not a numeric column; columns: "
                        + table.columns.map(\.name).joined(separator: ", "), option: Self.y.name)
            }
            layers.append(.line(LineSeries(name: yNames.count > 1 ? yName : nil, x: xs, y: ys, color: Palette.color(i), markers: o[Self.markers])))
        }
        if let h = o[Self.hline] { layers.append(.reference(ReferenceLine(.horizontal, at: h, label: o[Self.hlineLabel]))) }
        if let v = o[Self.vline] { layers.append(.reference(ReferenceLine(.vertical, at: v, label: o[Self.vlineLabel]))) }
        if let x = context.value(ifGiven: Self.mark)?.number, let first = table[yNames[0]]?.numbers, let index = xs.firstIndex(of: x) {
            let label = o[Self.markLabel].replacingOccurrences(of: "{x}", with: ValueFormatter.compact(x))
            layers.append(.annotation(Annotation(x: x, y: first[index], text: label, color: Palette.color(3))))
        }
        let ylim = o[Self.ylim].map { $0[0]...$0[1] }
        return .plot(
            FigureOptions.figure(
                o,
                axes: Axes(
                    xLabel: o[FigureOptions.xLabel] ?? xName,
                    yLabel: o[FigureOptions.yLabel] ?? (yNames.count == 1 ? yNames[0] : nil),
                    layers: layers, yLimits: ylim, integerXTicks: o[Self.integerX])))
    }
}
