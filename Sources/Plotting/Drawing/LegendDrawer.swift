/// One row of a legend.
struct LegendEntry: Equatable {
    enum Style { case point, line }
    let text: String
    let color: Color
    let style: Style
}

/// Lays out legend rows in as many columns as the height allows, and draws them.
struct LegendDrawer {
    static let fontSize = 8.5
    static let rowHeight = 13.0
    static let swatch = 14.0

    let entries: [LegendEntry]
    let title: String?

    private func rowsPerColumn(maxHeight: Double) -> Int {
        let titleRows = title == nil ? 0 : 1
        return max(1, Int(maxHeight / Self.rowHeight) - titleRows)
    }

    func size(maxHeight: Double, canvas: Canvas) -> (width: Double, height: Double) {
        guard !entries.isEmpty else { return (0, 0) }
        canvas.setFont(size: Self.fontSize)
        let widest = entries.map { canvas.measure($0.text).width }.max() ?? 0
        let rows = min(entries.count, rowsPerColumn(maxHeight: maxHeight))
        let columns = (entries.count + rows - 1) / rows
        let columnWidth = Self.swatch + 4 + widest + 8
        canvas.setFont(size: Self.fontSize, bold: true)
        let titleWidth = title.map { canvas.measure($0).width } ?? 0
        let titleRows = title == nil ? 0 : 1
        return (max(Double(columns) * columnWidth, titleWidth), Double(rows + titleRows) * Self.rowHeight)
    }

    func draw(in area: Rect, on canvas: Canvas) {
        guard !entries.isEmpty else { return }
        var top = area.y
        if let title {
            canvas.setFont(size: Self.fontSize, bold: true)
            canvas.text(title, x: area.x, y: top + Self.rowHeight / 2, horizontal: .left, vertical: .middle)
            top += Self.rowHeight
        }
        canvas.setFont(size: Self.fontSize)
        let rows = max(1, Int((area.maxY - top) / Self.rowHeight + 0.5))
        let widest = entries.map { canvas.measure($0.text).width }.max() ?? 0
        let columnWidth = Self.swatch + 4 + widest + 8
        for (index, entry) in entries.enumerated() {
            let x = area.x + Double(index / rows) * columnWidth
            let y = top + Double(index % rows) * Self.rowHeight + Self.rowHeight / 2
            switch entry.style {
            case .point: canvas.circles([(x + Self.swatch / 2, y)], radius: 3.5, color: entry.color)
            case .line: canvas.line(from: (x, y), to: (x + Self.swatch, y), color: entry.color, width: 2)
            }
            canvas.text(entry.text, x: x + Self.swatch + 4, y: y, horizontal: .left, vertical: .middle)
        }
    }
}
