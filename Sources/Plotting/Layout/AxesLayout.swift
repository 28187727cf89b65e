/// Where everything goes: data limits, ticks, the plot area left after measured margins, the legend box.
struct AxesLayout {
    static let padding = 8.0
    static let tickLength = 4.0
    static let tickFontSize = 8.5
    static let labelFontSize = 10.0
    /// A figure's title; the image grid's too.
    static let titleFontSize = 11.0

    let page: Rect
    let plotArea: Rect
    let legendArea: Rect
    let legendEntries: [LegendEntry]
    let legendTitle: String?
    /// The heatmap whose colour bar sits where a legend would.
    let colorbar: HeatmapLayer?
    let xRange: ClosedRange<Double>
    let yRange: ClosedRange<Double>
    let xTicks: Ticks
    let yTicks: Ticks

    init(figure: Figure, page: Rect, canvas: Canvas) {
        let axes = figure.axes
        self.page = page
        xRange = axes.xLimits ?? Self.dataRange(axes.layers, axis: \.x)
        yRange = axes.yLimits ?? Self.dataRange(axes.layers, axis: \.y)
        xTicks =
            axes.xCategories.map { Ticks(positions: $0.indices.map(Double.init), labels: $0) }
            ?? Ticks(covering: xRange, target: 7, integer: axes.integerXTicks)
        yTicks =
            axes.yCategories.map { names in
                Ticks(positions: names.indices.map { Double(names.count - 1 - $0) }, labels: names)
            } ?? Ticks(covering: yRange, target: 6, integer: axes.integerYTicks)
        (legendEntries, legendTitle) = Self.legend(for: axes.layers)
        colorbar = axes.layers.lazy.compactMap { if case .heatmap(let h) = $0 { h } else { nil } }.first

        canvas.setFont(size: Self.tickFontSize)
        let yTickWidth = yTicks.labels.map { canvas.measure($0).width }.max() ?? 0
        let tickHeight = canvas.measure("0").height
        let lastXTickHalf = (xTicks.labels.last.map { canvas.measure($0).width } ?? 0) / 2
        canvas.setFont(size: Self.labelFontSize)
        let labelHeight = canvas.measure("Xg").height
        canvas.setFont(size: figure.titleFontSize, bold: true)
        let titleHeight = figure.title == nil ? 0 : canvas.measure("Xg").height + 6

        var left = Self.padding + yTickWidth + Self.tickLength + 4
        if axes.yLabel != nil { left += labelHeight + 6 }
        var bottom = Self.padding + tickHeight + Self.tickLength + 3
        if axes.xLabel != nil { bottom += labelHeight + 4 }
        let top = Self.padding + titleHeight + 2

        let legendSize =
            colorbar.map { ColorbarDrawer(heatmap: $0).size(canvas: canvas) }
            ?? LegendDrawer(entries: legendEntries, title: legendTitle).size(maxHeight: page.height - top - bottom, canvas: canvas)
        let right = legendSize.width > 0 ? legendSize.width + 2 * Self.padding : max(Self.padding, lastXTickHalf + 2)

        plotArea = Rect(
            x: page.x + left, y: page.y + top,
            width: max(10, page.width - left - right), height: max(10, page.height - top - bottom))
        // A colour bar spans the plot's height; a legend takes what its rows need.
        legendArea = Rect(
            x: plotArea.maxX + Self.padding, y: plotArea.y,
            width: legendSize.width, height: colorbar == nil ? legendSize.height : plotArea.height)
    }

    /// Data x → page x.
    func px(_ x: Double) -> Double {
        plotArea.x + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotArea.width
    }

    /// Data y → page y (upwards).
    func py(_ y: Double) -> Double {
        plotArea.maxY - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plotArea.height
    }

    private static func dataRange(_ layers: [Layer], axis: KeyPath<(x: Double, y: Double), Double>) -> ClosedRange<Double> {
        var values = [Double]()
        let isX = axis == \(x: Double, y: Double).x
        for layer in layers {
            switch layer {
            case .scatter(let s): values += isX ? s.x : s.y
            case .line(let l): values += isX ? l.x : l.y
            case .annotation(let a): values.append(isX ? a.x : a.y)
            case .reference(let r):
                if (r.orientation == .vertical) == isX { values.append(r.value) }
            case .bars(let bars):
                if isX {
                    values += bars.x.map { $0 - bars.width / 2 } + bars.x.map { $0 + bars.width / 2 }
                } else {
                    values += [0] + bars.heights.filter(\.isFinite)
                }
            case .heatmap(let h):
                // Cells fill the axes exactly: no margin.
                return isX ? -0.5...(Double(h.columns) - 0.5) : -0.5...(Double(h.rows) - 0.5)
            }
        }
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else { return 0...1 }
        if low == high { (low, high) = (low - 0.5, high + 0.5) }
        let margin = (high - low) * 0.05
        let hasBars = layers.contains { if case .bars = $0 { true } else { false } }
        // Bars stand on the axis: no margin below 0 on y, none beside the bars on x.
        if hasBars { return isX ? low...high : min(low, 0)...(high + margin) }
        return (low - margin)...(high + margin)
    }

    private static func legend(for layers: [Layer]) -> ([LegendEntry], String?) {
        var entries = [LegendEntry]()
        var title: String?
        for layer in layers {
            switch layer {
            case .scatter(let s) where s.categories.count > 1 || s.categories.contains(where: \.isNoise):
                title = title ?? s.legendTitle
                entries += s.categories.map { LegendEntry(text: $0.name, color: $0.color, style: .point) }
            case .line(let l) where l.name != nil:
                entries.append(LegendEntry(text: l.name!, color: l.color, style: .line))
            case .bars(let b):
                entries += b.legend.map { LegendEntry(text: $0.name, color: $0.color, style: .point) }
            default: break
            }
        }
        return (entries, title)
    }
}
