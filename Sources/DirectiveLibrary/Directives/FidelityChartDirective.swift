import Analysis
import Plotting
import ReportEngine

/// `fidelity_chart`: several `fidelity` comparisons side by side, a panel per metric with each compared
/// pair's value and 95 % interval on a row of its own — the generated set against the real one beside the
/// real-against-real baseline that gives each number its scale.
struct FidelityChartDirective: TypedDirective {
    let name = "fidelity_chart"
    let summary = "Each metric of several `fidelity` comparisons with its 95 % interval, a row per compared pair, a panel per metric."
    let version = 1
    let output = OutputKind.figure

    static let inputs = InputOption.references(
        "inputs", accepts: [.record], required: true,
        doc: "the `fidelity` results to show, one row each, top to bottom")
    static let labels = Option<[String]?>(
        "labels", .list(.string), role: .presentation,
        doc: "the rows' names, one per input; default the inputs as written")
    static let metrics = Option<[String]?>(
        "metrics", .list(.string), role: .presentation,
        doc: "the metrics to show, by field name (`fd`, `kd`, `precision`, …); default all")
    static let columns = Option<Int>("columns", .int(1...9), default: 3, role: .presentation, doc: "panels per row")
    static let panelHeight = Option<Double>(
        "panel_height", .number(0.8...10), default: 1.5, role: .presentation,
        doc: "height of a row of panels in inches")
    static let width = Option<Double>("width", .number(1...30), default: 9, role: .presentation, doc: "figure width in inches")

    var options: [OptionSpec] {
        OptionSpec.of([Self.inputs, Self.labels, Self.metrics, Self.width, Self.panelHeight, Self.columns, FigureOptions.dpi])
    }

    typealias Result = NoResult

    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] {
        let known = DistributionComparison.Metric.allCases.map(\.rawValue)
        let unknown = (options[Self.metrics] ?? []).filter { !known.contains($0) }
        var problems = [(option: String?, message: String)]()
        if !unknown.isEmpty {
            problems.append(
                (
                    Self.metrics.name,
                    "no metric " + unknown.map { "`\($0)`" }.joined(separator: ", ") + "; the metrics are " + known.joined(separator: ", ")
                ))
        }
        if let labels = options[Self.labels], labels.count != options.writtenEach(Self.inputs).count {
            problems.append(
                (Self.labels.name, "give one label per input: \(labels.count) labels for \(options.writtenEach(Self.inputs).count) inputs"))
        }
        return problems
    }

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        let o = context.options
        let names = o[Self.labels] ?? o.writtenEach(Self.inputs)
        let results = try context.values(Self.inputs).enumerated().map { index, value in
            guard let result = FidelityDirective.Result(value: value) else {
                throw DirectiveError("`\(names[index])` is not a `fidelity` result", option: Self.inputs.name)
            }
            return result
        }
        let chosen = (o[Self.metrics] ?? DistributionComparison.Metric.allCases.map(\.rawValue)).compactMap(
            DistributionComparison.Metric.init(rawValue:))
        let panels = chosen.map { panel($0, results, names: names) }
        var figure = PanelFigure(
            width: o[Self.width], height: 0, dpi: Double(o[FigureOptions.dpi]), panels: panels,
            columns: min(o[Self.columns], max(1, panels.count)))
        figure.height = o[Self.panelHeight] * Double(figure.rows)
        let drawn = figure
        return Presentation(.figure(dpi: drawn.dpi) { try FigureRenderer().render(drawn) })
    }

    /// One metric: per row, a line across the interval and a point at the value, in the row's colour
    /// (the rows are named on the axis, so there is no legend).
    private func panel(_ metric: DistributionComparison.Metric, _ results: [FidelityDirective.Result], names: [String]) -> Panel {
        var layers = [Layer]()
        for (row, result) in results.enumerated() {
            // The axis names its categories from the top: row 0 sits at the highest position.
            let y = Double(results.count - 1 - row)
            let color = Palette.color(row)
            if let range = result.interval(metric.rawValue) {
                layers.append(.line(LineSeries(x: [range.low, range.high], y: [y, y], color: color, lineWidth: 2.2, markers: false)))
            }
            layers.append(
                .scatter(
                    ScatterLayer(
                        x: [result.value(metric)], y: [y], categories: [.init(name: names[row], color: color, members: [0])],
                        pointSize: 7, alpha: 1)))
        }
        return Panel(
            title: FidelityDirective.labels[metric],
            axes: Axes(
                layers: layers, yLimits: -0.5...(Double(results.count) - 0.5),
                yCategories: names))
    }
}
