/// The colour scale of a heatmap: a vertical gradient with ticks at its ends and middle.
struct ColorbarDrawer {
    let heatmap: HeatmapLayer
    static let barWidth = 12.0

    private var labels: [String] {
        let scale = heatmap.scale
        let ticks = Ticks(covering: scale, target: 5)
        return ticks.labels
    }

    func size(canvas: Canvas) -> (width: Double, height: Double) {
        canvas.setFont(size: AxesLayout.tickFontSize)
        let widest = labels.map { canvas.measure($0).width }.max() ?? 0
        canvas.setFont(size: AxesLayout.tickFontSize, bold: true)
        let title = heatmap.colorbarLabel.map { canvas.measure($0).width } ?? 0
        return (max(Self.barWidth + 6 + widest, title), 0)
    }

    func draw(in area: Rect, on canvas: Canvas) {
        let scale = heatmap.scale
        var top = area.y
        if let label = heatmap.colorbarLabel {
            canvas.setFont(size: AxesLayout.tickFontSize, bold: true)
            canvas.text(label, x: area.x, y: top, horizontal: .left, vertical: .top)
            top += 16
        }
        let height = max(20, area.maxY - top)
        let steps = 64
        for i in 0..<steps {
            let t = (Double(i) + 0.5) / Double(steps)
            let y = top + height * (1 - Double(i + 1) / Double(steps))
            canvas.fillRectangle(
                x: area.x, y: y, width: Self.barWidth, height: height / Double(steps) + 0.5,
                color: heatmap.colormap.color(t))
        }
        canvas.strokeRectangle(x: area.x, y: top, width: Self.barWidth, height: height, color: .axis, lineWidth: 0.6)
        canvas.setFont(size: AxesLayout.tickFontSize)
        let ticks = Ticks(covering: scale, target: 5)
        for (value, label) in zip(ticks.values, ticks.labels) {
            let y = top + height * (1 - (value - scale.lowerBound) / (scale.upperBound - scale.lowerBound))
            canvas.line(from: (area.x + Self.barWidth, y), to: (area.x + Self.barWidth + 3, y), color: .axis, width: 0.6)
            canvas.text(label, x: area.x + Self.barWidth + 5, y: y, horizontal: .left, vertical: .middle)
        }
    }
}
