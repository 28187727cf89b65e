import Foundation

/// Draws a `Figure` to PNG and SVG. Margins come from measured text, the legend sits outside the data area.
public struct FigureRenderer: Sendable {
    public init() {}

    public func render(_ figure: Figure) throws -> RenderedFigure {
        try render(width: figure.width, height: figure.height, dpi: figure.dpi) { canvas in
            draw(figure, in: Rect(x: 0, y: 0, width: figure.width * 72, height: figure.height * 72), on: canvas)
        }
    }

    /// Panel titles are smaller than a figure's: a panel is a fraction of the page wide.
    static let panelTitleFontSize = 9.0

    /// Each panel in its cell of the page, drawn as a figure of the cell's size.
    public func render(_ figure: PanelFigure) throws -> RenderedFigure {
        let cellWidth = figure.width * 72 / Double(figure.columns)
        let cellHeight = figure.height * 72 / Double(figure.rows)
        return try render(width: figure.width, height: figure.height, dpi: figure.dpi) { canvas in
            canvas.fillRectangle(x: 0, y: 0, width: figure.width * 72, height: figure.height * 72, color: .white)
            for (index, panel) in figure.panels.enumerated() {
                let cell = Rect(
                    x: Double(index % figure.columns) * cellWidth, y: Double(index / figure.columns) * cellHeight,
                    width: cellWidth, height: cellHeight)
                draw(
                    Figure(
                        width: cellWidth / 72, height: cellHeight / 72, dpi: figure.dpi, title: panel.title, axes: panel.axes,
                        titleFontSize: Self.panelTitleFontSize), in: cell, on: canvas)
            }
        }
    }

    private func render(width: Double, height: Double, dpi: Double, _ draw: (Canvas) -> Void) throws -> RenderedFigure {
        let (w, h) = (width * 72, height * 72)
        let png = try Surfaces.png(widthPoints: w, heightPoints: h, dpi: dpi) { draw($0) }
        let svg = SVGIdentifiers.normalize(try Surfaces.svg(widthPoints: w, heightPoints: h) { draw($0) })
        return RenderedFigure(png: png.bytes, svg: svg, pixelWidth: png.width, pixelHeight: png.height)
    }

    func draw(_ figure: Figure, in page: Rect, on canvas: Canvas) {
        canvas.fillRectangle(x: page.x, y: page.y, width: page.width, height: page.height, color: .white)
        let layout = AxesLayout(figure: figure, page: page, canvas: canvas)
        let plot = layout.plotArea

        if figure.axes.grid { drawGrid(layout, on: canvas) }
        canvas.clip(x: plot.x, y: plot.y, width: plot.width, height: plot.height)
        for layer in figure.axes.layers { draw(layer, layout: layout, on: canvas) }
        canvas.resetClip()
        for layer in figure.axes.layers {
            if case .annotation(let note) = layer { drawAnnotationText(note, layout: layout, on: canvas) }
        }
        drawFrameAndTicks(layout, on: canvas)
        drawLabels(figure, layout: layout, on: canvas)
        if let heatmap = layout.colorbar {
            ColorbarDrawer(heatmap: heatmap).draw(in: layout.legendArea, on: canvas)
        } else {
            LegendDrawer(entries: layout.legendEntries, title: layout.legendTitle).draw(in: layout.legendArea, on: canvas)
        }
    }

    // MARK: Pieces

    private func drawGrid(_ layout: AxesLayout, on canvas: Canvas) {
        let plot = layout.plotArea
        for x in layout.xTicks.values {
            let px = layout.px(x)
            canvas.line(from: (px, plot.y), to: (px, plot.maxY), color: .grid, width: 0.6)
        }
        for y in layout.yTicks.values {
            let py = layout.py(y)
            canvas.line(from: (plot.x, py), to: (plot.maxX, py), color: .grid, width: 0.6)
        }
    }

    private func draw(_ layer: Layer, layout: AxesLayout, on canvas: Canvas) {
        switch layer {
        case .scatter(let scatter):
            let ordered = scatter.categories.filter(\.isNoise) + scatter.categories.filter { !$0.isNoise }
            for category in ordered {
                let centers = category.members.map { (layout.px(scatter.x[$0]), layout.py(scatter.y[$0])) }
                canvas.circles(
                    centers, radius: scatter.pointSize / 2,
                    color: category.color.with(alpha: category.color.alpha * scatter.alpha))
            }
        case .line(let series):
            let points = zip(series.x, series.y).filter { $0.0.isFinite && $0.1.isFinite }
                .map { (layout.px($0.0), layout.py($0.1)) }
            canvas.polyline(points, color: series.color, width: series.lineWidth)
            if series.markers { canvas.circles(points, radius: 2.6, color: series.color) }
        case .reference(let ref):
            let plot = layout.plotArea
            switch ref.orientation {
            case .horizontal:
                let y = layout.py(ref.value)
                canvas.line(from: (plot.x, y), to: (plot.maxX, y), color: ref.color, width: 1, dash: [4, 3])
                if let label = ref.label {
                    canvas.setFont(size: 8.5)
                    // At the left end: annotations and line ends tend to sit on the right.
                    canvas.text(label, x: plot.x + 4, y: y - 3, color: ref.color, horizontal: .left, vertical: .bottom)
                }
            case .vertical:
                let x = layout.px(ref.value)
                canvas.line(from: (x, plot.y), to: (x, plot.maxY), color: ref.color, width: 1, dash: [4, 3])
                if let label = ref.label {
                    canvas.setFont(size: 8.5)
                    canvas.text(label, x: x + 4, y: plot.y + 4, color: ref.color, horizontal: .left, vertical: .top)
                }
            }
        case .annotation(let note):
            let center = (layout.px(note.x), layout.py(note.y))
            canvas.circles([center], radius: 6, color: note.color.with(alpha: 0), outline: note.color)
        case .bars(let bars):
            drawBars(bars, layout: layout, on: canvas)
        case .heatmap(let heatmap):
            drawHeatmap(heatmap, layout: layout, on: canvas)
        }
    }

    private func drawBars(_ bars: BarLayer, layout: AxesLayout, on canvas: Canvas) {
        let base = layout.py(max(0, layout.yRange.lowerBound))
        // Adjacent bars of one colour become one path each: fast for thousands of bars.
        var runs = [Color: [(Double, Double, Double, Double)]]()
        for i in bars.x.indices where bars.heights[i].isFinite {
            let left = layout.px(bars.x[i] - bars.width / 2)
            let right = layout.px(bars.x[i] + bars.width / 2)
            let top = layout.py(bars.heights[i])
            runs[bars.colors[i], default: []].append((left, top, max(right - left, 0.3), base - top))
        }
        for color in runs.keys.sorted(by: { ($0.red, $0.green, $0.blue) < ($1.red, $1.green, $1.blue) }) {
            canvas.fillRectangles(runs[color]!, color: color)
        }
    }

    private func drawHeatmap(_ heatmap: HeatmapLayer, layout: AxesLayout, on canvas: Canvas) {
        let scale = heatmap.scale
        canvas.setFont(size: 8)
        for r in 0..<heatmap.rows {
            for c in 0..<heatmap.columns {
                let value = heatmap.values[r * heatmap.columns + c]
                guard value.isFinite else { continue }
                let y = Double(heatmap.rows - 1 - r)
                let left = layout.px(Double(c) - 0.5)
                let right = layout.px(Double(c) + 0.5)
                let top = layout.py(y + 0.5)
                let bottom = layout.py(y - 0.5)
                let t = (value - scale.lowerBound) / (scale.upperBound - scale.lowerBound)
                let fill = heatmap.colormap.color(t)
                canvas.fillRectangle(x: left, y: top, width: right - left, height: bottom - top, color: fill)
                if let decimals = heatmap.valueDecimals {
                    // Dark text on light cells, light on dark (relative luminance).
                    let luminance = 0.2126 * fill.red + 0.7152 * fill.green + 0.0722 * fill.blue
                    canvas.text(
                        NumberText.fixed(value, decimals: decimals), x: (left + right) / 2, y: (top + bottom) / 2,
                        color: luminance > 0.5 ? .text : .white, horizontal: .center, vertical: .middle)
                }
            }
        }
    }

    private func drawAnnotationText(_ note: Annotation, layout: AxesLayout, on canvas: Canvas) {
        canvas.setFont(size: 9, bold: true)
        let (x, y) = (layout.px(note.x), layout.py(note.y))
        let size = canvas.measure(note.text)
        // Put the text on the side with room, so it never leaves the plot area.
        let right = x + 9 + size.width <= layout.plotArea.maxX
        canvas.text(
            note.text, x: right ? x + 9 : x - 9, y: y - 8, color: note.color,
            horizontal: right ? .left : .right, vertical: .bottom)
    }

    private func drawFrameAndTicks(_ layout: AxesLayout, on canvas: Canvas) {
        let plot = layout.plotArea
        canvas.strokeRectangle(x: plot.x, y: plot.y, width: plot.width, height: plot.height, color: .axis, lineWidth: 0.8)
        canvas.setFont(size: AxesLayout.tickFontSize)
        for (value, label) in zip(layout.xTicks.values, layout.xTicks.labels) {
            let x = layout.px(value)
            canvas.line(from: (x, plot.maxY), to: (x, plot.maxY + AxesLayout.tickLength), color: .axis, width: 0.8)
            canvas.text(label, x: x, y: plot.maxY + AxesLayout.tickLength + 2, horizontal: .center, vertical: .top)
        }
        for (value, label) in zip(layout.yTicks.values, layout.yTicks.labels) {
            let y = layout.py(value)
            canvas.line(from: (plot.x - AxesLayout.tickLength, y), to: (plot.x, y), color: .axis, width: 0.8)
            canvas.text(label, x: plot.x - AxesLayout.tickLength - 3, y: y, horizontal: .right, vertical: .middle)
        }
    }

    private func drawLabels(_ figure: Figure, layout: AxesLayout, on canvas: Canvas) {
        let plot = layout.plotArea
        canvas.setFont(size: AxesLayout.labelFontSize)
        if let label = figure.axes.xLabel {
            canvas.text(label, x: plot.midX, y: layout.page.maxY - AxesLayout.padding, horizontal: .center, vertical: .bottom)
        }
        if let label = figure.axes.yLabel {
            canvas.text(
                label, x: layout.page.x + AxesLayout.padding, y: plot.midY, horizontal: .center, vertical: .top,
                rotated: true)
        }
        if let title = figure.title {
            canvas.setFont(size: figure.titleFontSize, bold: true)
            canvas.text(title, x: plot.midX, y: layout.page.y + AxesLayout.padding, horizontal: .center, vertical: .top)
        }
    }
}
