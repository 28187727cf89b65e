import CCairo
import Foundation

/// Draws an `ImageGrid`: panels in rows, captions under them, a colour bar at the right when any panel
/// has a heatmap.
public struct ImageGridRenderer: Sendable {
    public init() {}

    static let gap = 8.0, captionHeight = 16.0, padding = 8.0, colorbarWidth = 60.0

    public func render(_ grid: ImageGrid) throws -> RenderedFigure {
        let rows = (grid.panels.count + grid.columns - 1) / grid.columns
        let columns = min(grid.columns, max(grid.panels.count, 1))
        let titleHeight = grid.title == nil ? 0 : 20.0
        let width =
            Self.padding * 2 + Double(columns) * grid.cellSize + Double(columns - 1) * Self.gap
            + (grid.hasHeatmaps ? Self.colorbarWidth : 0)
        let height =
            Self.padding * 2 + titleHeight + Double(max(rows, 1)) * (grid.cellSize + Self.captionHeight) + Double(max(rows - 1, 0)) * Self.gap
        let png = try Surfaces.png(widthPoints: width, heightPoints: height, dpi: grid.dpi) {
            draw(grid, on: $0, width: width, height: height, titleHeight: titleHeight)
        }
        let svg = SVGIdentifiers.normalize(
            try Surfaces.svg(widthPoints: width, heightPoints: height) {
                draw(grid, on: $0, width: width, height: height, titleHeight: titleHeight)
            })
        return RenderedFigure(png: png.bytes, svg: svg, pixelWidth: png.width, pixelHeight: png.height)
    }

    private func draw(_ grid: ImageGrid, on canvas: Canvas, width: Double, height: Double, titleHeight: Double) {
        canvas.fillRectangle(x: 0, y: 0, width: width, height: height, color: .white)
        if let title = grid.title {
            canvas.setFont(size: AxesLayout.titleFontSize, bold: true)
            canvas.text(title, x: Self.padding, y: Self.padding, horizontal: .left, vertical: .top)
        }
        for (index, panel) in grid.panels.enumerated() {
            let (row, column) = (index / grid.columns, index % grid.columns)
            let x = Self.padding + Double(column) * (grid.cellSize + Self.gap)
            let y = Self.padding + titleHeight + Double(row) * (grid.cellSize + Self.captionHeight + Self.gap)
            canvas.image(
                argb: composite(panel, grid: grid), width: panel.width, height: panel.height,
                x: x, y: y, size: grid.cellSize)
            canvas.setFont(size: 8.5)
            canvas.text(
                Self.fitting(panel.caption, width: grid.cellSize + Self.gap - 2, canvas: canvas),
                x: x + grid.cellSize / 2, y: y + grid.cellSize + 3, horizontal: .center, vertical: .top)
        }
        if grid.hasHeatmaps {
            let heatmap = HeatmapLayer(rows: 1, columns: 2, values: [0, 1], colormap: grid.colormap, colorbarLabel: "relevance")
            let top = Self.padding + titleHeight
            let area = Rect(
                x: width - Self.colorbarWidth + 8, y: top, width: Self.colorbarWidth - 8,
                height: min(grid.cellSize * 1.5, height - top - Self.padding))
            ColorbarDrawer(heatmap: heatmap).draw(in: area, on: canvas)
        }
    }

    /// The caption, shortened with a leading ellipsis until it fits under its image.
    static func fitting(_ text: String, width: Double, canvas: Canvas) -> String {
        var shown = text
        while canvas.measure(shown).width > width && shown.count > 2 { shown = "…" + shown.dropFirst(shown.hasPrefix("…") ? 2 : 1) }
        return shown
    }

    /// The panel's pixels as opaque ARGB32: grey, or (1 − w)·colour(heat) + w·grey, rescaled by its maximum
    /// as pytorch-grad-cam's `show_cam_on_image` does.
    private func composite(_ panel: ImageGrid.Panel, grid: ImageGrid) -> [UInt32] {
        guard let heat = panel.heatmap else {
            return panel.pixels.map { v in
                let g = UInt32((min(max(v, 0), 1) * 255).rounded())
                return 0xFF00_0000 | g << 16 | g << 8 | g
            }
        }
        let w = grid.imageWeight
        var mixed = [(Double, Double, Double)]()
        mixed.reserveCapacity(panel.pixels.count)
        var largest = 0.0
        for (v, h) in zip(panel.pixels, heat) {
            let color = grid.colormap.color(Double(h))
            let grey = Double(min(max(v, 0), 1))
            let rgb = ((1 - w) * color.red + w * grey, (1 - w) * color.green + w * grey, (1 - w) * color.blue + w * grey)
            largest = max(largest, rgb.0, rgb.1, rgb.2)
            mixed.append(rgb)
        }
        let scale = largest > 0 ? 1 / largest : 1
        return mixed.map { r, g, b in
            0xFF00_0000 | UInt32(r * scale * 255) << 16 | UInt32(g * scale * 255) << 8 | UInt32(b * scale * 255)
        }
    }
}
