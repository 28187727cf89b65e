import Foundation
import Testing

@testable import Plotting

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct FigureRendererTests {
    private func scatterFigure(points: Int = 200) -> Figure {
        let x = (0..<points).map { Double($0 % 20) + Double($0) * 0.01 }
        let y = (0..<points).map { sin(Double($0)) * 3 }
        let categories = [
            ScatterLayer.Category(name: "noise", color: .noise, members: Array(stride(from: 0, to: points, by: 3)), isNoise: true),
            ScatterLayer.Category(name: "a", color: Palette.color(0), members: Array(stride(from: 1, to: points, by: 3))),
            ScatterLayer.Category(name: "b <&>", color: Palette.color(1), members: Array(stride(from: 2, to: points, by: 3))),
        ]
        return Figure(
            width: 5, height: 3.5, dpi: 80, title: "Title",
            axes: Axes(xLabel: "PC1", yLabel: "PC2", layers: [.scatter(ScatterLayer(x: x, y: y, categories: categories))]))
    }

    @Test func pngHasTheRequestedPixelSize() throws {
        let rendered = try FigureRenderer().render(scatterFigure())
        #expect(rendered.pixelWidth == 400 && rendered.pixelHeight == 280)
        #expect(Array(rendered.png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR width and height, big-endian at bytes 16–23.
        let width = rendered.png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = rendered.png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 400 && height == 280)
    }

    @Test func svgIsAWellFormedDocumentOfTheRightSize() throws {
        let svg = try #require(String(bytes: try FigureRenderer().render(scatterFigure()).svg, encoding: .utf8))
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("width=\"360pt\"") && svg.contains("height=\"252pt\""))
        #expect(svg.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</svg>"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "SVG parses as XML")
    }

    /// Small multiples: each panel is drawn in its own cell, as the figure of the cell's size would be.
    @Test func panelsFillTheirCells() throws {
        let axes = scatterFigure().axes
        let panels = PanelFigure(
            width: 6, height: 4, dpi: 50,
            panels: [
                Panel(title: "a", axes: axes), Panel(title: "b", axes: axes),
                Panel(title: "c", axes: axes),
            ], columns: 2)
        #expect(panels.rows == 2)
        let rendered = try FigureRenderer().render(panels)
        #expect(rendered.pixelWidth == 300 && rendered.pixelHeight == 200)
        let svg = try #require(String(bytes: rendered.svg, encoding: .utf8))
        #expect(svg.contains("width=\"432pt\"") && svg.contains("height=\"288pt\""))
        // The same panel alone on a page of one cell draws the same pixels as the first cell.
        let one = try FigureRenderer().render(PanelFigure(width: 3, height: 2, dpi: 50, panels: [Panel(title: "a", axes: axes)], columns: 1))
        #expect(one.pixelWidth == 150 && one.pixelHeight == 100)
        #expect(try FigureRenderer().render(panels) == rendered)
        #expect(
            try FigureRenderer().render(PanelFigure(width: 6, height: 4, dpi: 50, panels: [Panel(title: "a", axes: axes)], columns: 2)).png
                != rendered.png, "the other cells hold the other panels")
    }

    @Test func renderingIsDeterministic() throws {
        let a = try FigureRenderer().render(scatterFigure())
        let b = try FigureRenderer().render(scatterFigure())
        #expect(a.png == b.png, "PNG bytes")
        #expect(a.svg == b.svg, "SVG bytes (ids must not depend on earlier figures)")
    }

    @Test func differentDataGiveDifferentPixels() throws {
        let a = try FigureRenderer().render(scatterFigure(points: 200))
        let b = try FigureRenderer().render(scatterFigure(points: 199))
        #expect(a.png != b.png, "PNG bytes differ")
    }

    @Test func layoutLeavesRoomForLabelsAndLegend() throws {
        let figure = scatterFigure()
        let page = Rect(x: 0, y: 0, width: figure.width * 72, height: figure.height * 72)
        var plotArea: Rect?
        var legendArea: Rect?
        _ = try Surfaces.png(widthPoints: page.width, heightPoints: page.height, dpi: 72) { canvas in
            let layout = AxesLayout(figure: figure, page: page, canvas: canvas)
            plotArea = layout.plotArea
            legendArea = layout.legendArea
        }
        let plot = try #require(plotArea)
        let legend = try #require(legendArea)
        #expect(plot.x > 20, "room for y tick labels and the y label")
        #expect(plot.maxY < page.maxY - 20, "room for x tick labels and the x label")
        #expect(legend.x >= plot.maxX, "legend outside the data area")
        #expect(legend.maxX <= page.maxX, "legend inside the page")
    }

    /// `integerYTicks` puts y ticks on whole numbers only; without it the y axis keeps its nice steps, so a
    /// figure that does not ask draws as before.
    @Test func integerYTicksAreWholeNumbers() throws {
        func figure(integerY: Bool? = nil) -> Figure {
            let points = ScatterLayer(
                x: [0, 0.1, 0.2, 0.3], y: [8, 9, 9, 10], categories: [.init(name: "seeds", color: Palette.color(0), members: [0, 1, 2, 3])])
            let axes = integerY.map { Axes(layers: [.scatter(points)], integerYTicks: $0) } ?? Axes(layers: [.scatter(points)])
            return Figure(width: 3, height: 3, dpi: 50, axes: axes)
        }
        func yTicks(_ figure: Figure) throws -> Ticks {
            let page = Rect(x: 0, y: 0, width: figure.width * 72, height: figure.height * 72)
            var ticks: Ticks?
            _ = try Surfaces.png(widthPoints: page.width, heightPoints: page.height, dpi: 72) { canvas in
                ticks = AxesLayout(figure: figure, page: page, canvas: canvas).yTicks
            }
            return try #require(ticks)
        }
        #expect(!Axes().integerYTicks, "off unless asked")
        #expect(try yTicks(figure()).values == [8, 8.5, 9, 9.5, 10])
        #expect(try yTicks(figure(integerY: true)).values == [8, 9, 10])
        #expect(try yTicks(figure(integerY: true)).labels == ["8", "9", "10"])
        #expect(try FigureRenderer().render(figure(integerY: false)) == FigureRenderer().render(figure()))
        #expect(try FigureRenderer().render(figure(integerY: true)).png != FigureRenderer().render(figure()).png)
    }

    @Test func lineFigureWithReferenceLinesRenders() throws {
        let figure = Figure(
            axes: Axes(
                xLabel: "k", yLabel: "inertia",
                layers: [
                    .line(LineSeries(name: "inertia", x: [1, 2, 3, 4, 5], y: [100, 40, 20, 15, 12], color: Palette.color(0))),
                    .reference(ReferenceLine(.horizontal, at: 30, label: "threshold")),
                    .reference(ReferenceLine(.vertical, at: 3, label: "elbow")),
                    .annotation(Annotation(x: 3, y: 20, text: "k = 3")),
                ], integerXTicks: true))
        let rendered = try FigureRenderer().render(figure)
        #expect(rendered.pixelWidth == 640)
        let svg = String(decoding: rendered.svg, as: UTF8.self)
        #expect(svg.contains("stroke-dasharray"), "reference lines are dashed")
    }
}
