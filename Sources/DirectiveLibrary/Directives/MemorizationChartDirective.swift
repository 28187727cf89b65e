import Plotting
import ReportEngine

/// `memorization_chart`: the distributions a `memorization` result rests on, as histograms of the share
/// of items per bin: the distance of each generated item to its nearest training item, and that distance
/// over the training item's own nearest-neighbour distance with the near-copy threshold — each beside
/// the held-out items', which show what a novel image looks like.
struct MemorizationChartDirective: TypedDirective {
    let name = "memorization_chart"
    let summary =
        "Histograms of nearest-training distances and ratios of a `memorization` result, generated against held-out items, with the near-copy threshold."
    let version = 1
    let output = OutputKind.figure

    static let input = InputOption.reference("input", accepts: [.record], required: true, doc: "a `memorization` result")
    static let bins = Option<Int>("bins", .int(2...500), default: 30, role: .presentation, doc: "bins per histogram")
    static let width = Option<Double>("width", .number(1...30), default: 9, role: .presentation, doc: "figure width in inches")
    static let height = Option<Double>("height", .number(1...30), default: 3.2, role: .presentation, doc: "figure height in inches")

    var options: [OptionSpec] { OptionSpec.of([Self.input, Self.bins, Self.width, Self.height, FigureOptions.dpi]) }

    typealias Result = NoResult

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        let o = context.options
        let memorization = try MemorizationDirective.Result(
            try context.value(Self.input), option: Self.input.name, expected: "a `memorization` result")
        let tables = [("generated", memorization.nearest), ("held-out", memorization.heldoutNearest)].compactMap { name, table in
            table.map { (name, $0) }
        }
        func panel(_ column: String, title: String, threshold: Double?) -> Panel {
            let series = tables.map { name, table in (name, table[column]?.numbers ?? []) }
            let top = max(series.flatMap(\.1).max() ?? 1, threshold ?? 0, 1e-12)
            var layers = series.enumerated().map { k, entry in
                Layer.line(Self.histogram(entry.1, name: entry.0, range: 0...top, bins: o[Self.bins], color: Palette.color(k)))
            }
            if let threshold { layers.append(.reference(ReferenceLine(.vertical, at: threshold, label: "near-copy below"))) }
            return Panel(title: title, axes: Axes(xLabel: column, yLabel: "share of items", layers: layers, xLimits: 0...top))
        }
        let panels = [
            panel("distance", title: "Distance to the nearest training item", threshold: nil),
            panel("ratio", title: "Over that item's own nearest-neighbour distance", threshold: memorization.copyRatio),
        ]
        let figure = PanelFigure(width: o[Self.width], height: o[Self.height], dpi: Double(o[FigureOptions.dpi]), panels: panels, columns: 2)
        return Presentation(.figure(dpi: figure.dpi) { try FigureRenderer().render(figure) })
    }

    /// A step outline of the share of `values` in each of `bins` equal bins over `range` (the last bin
    /// closed, as NumPy's `histogram`).
    static func histogram(_ values: [Double], name: String, range: ClosedRange<Double>, bins: Int, color: Color) -> LineSeries {
        let width = (range.upperBound - range.lowerBound) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for value in values where range.contains(value) {
            counts[min(bins - 1, Int((value - range.lowerBound) / width))] += 1
        }
        var (x, y) = ([range.lowerBound], [0.0])
        for (bin, count) in counts.enumerated() {
            let share = Double(count) / Double(max(values.count, 1))
            let left = range.lowerBound + Double(bin) * width
            x += [left, left + width]
            y += [share, share]
        }
        x.append(range.upperBound)
        y.append(0)
        return LineSeries(name: "\(name) (\(values.count))", x: x, y: y, color: color, lineWidth: 1.6, markers: false)
    }
}
