import Foundation
import Testing

@testable import Plotting

/// Every plot type against a reviewed PNG in Tests/PlottingTests/Golden, pixel by pixel with a small
/// tolerance (anti-aliasing may differ by a few levels between Cairo builds). On a mismatch the actual
/// image and a copy with the differing pixels in magenta are written to the temporary folder.
/// `LITMUS_RECORD=1` rewrites the golden images and fails, so they are looked at before committing.
@Suite struct GoldenImageTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ figure: Figure, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rendered = try FigureRenderer().render(figure)
        let url = folder.appendingPathComponent("\(name).png")
        if ProcessInfo.processInfo.environment["LITMUS_RECORD"] == "1" {
            try Data(rendered.png).write(to: url)
            Issue.record("recorded \(name).png; look at it, then run the tests again without LITMUS_RECORD", sourceLocation: sourceLocation)
            return
        }
        guard let golden = FileManager.default.contents(atPath: url.path).flatMap({ PNGPixels([UInt8]($0)) }) else {
            Issue.record("no golden image \(name).png; record it with LITMUS_RECORD=1", sourceLocation: sourceLocation)
            return
        }
        let actual = try #require(PNGPixels(rendered.png))
        let differing = actual.differingPixels(from: golden, tolerance: 8)
        // A handful of pixels may differ at glyph edges; more means the figure changed.
        if differing.count > actual.width * actual.height / 1000 {
            let temp = FileManager.default.temporaryDirectory
            try Data(rendered.png).write(to: temp.appendingPathComponent("\(name).actual.png"))
            if golden.width == actual.width && golden.height == actual.height {
                try Data(try golden.highlighting(differing)).write(to: temp.appendingPathComponent("\(name).diff.png"))
            }
            Issue.record(
                "\(name).png: \(differing.count) pixels differ (actual and diff images in \(temp.path))",
                sourceLocation: sourceLocation)
        }
    }

    private static func size(_ axes: Axes) -> Figure { Figure(width: 4, height: 2.8, dpi: 72, title: nil, axes: axes) }

    @Test func scatter() throws {
        let n = 120
        let x = (0..<n).map { Double($0 % 12) + sin(Double($0)) }
        let y = (0..<n).map { Double($0 / 12) + cos(Double($0) * 1.7) }
        let categories = [
            ScatterLayer.Category(name: "noise", color: .noise, members: Array(stride(from: 0, to: n, by: 5)), isNoise: true),
            ScatterLayer.Category(name: "0", color: Palette.color(0), members: (0..<n).filter { $0 % 5 != 0 && $0 < 60 }),
            ScatterLayer.Category(name: "1", color: Palette.color(1), members: (0..<n).filter { $0 % 5 != 0 && $0 >= 60 }),
        ]
        try Self.check(
            Self.size(
                Axes(
                    xLabel: "UMAP1", yLabel: "UMAP2",
                    layers: [
                        .scatter(ScatterLayer(x: x, y: y, categories: categories, legendTitle: "cluster"))
                    ])), named: "scatter")
    }

    @Test func lineWithReferenceAndMark() throws {
        let ks = (1...10).map(Double.init)
        let inertia = ks.map { 1000 / $0 + 20 * $0 }
        try Self.check(
            Self.size(
                Axes(
                    xLabel: "k", yLabel: "inertia",
                    layers: [
                        .line(LineSeries(x: ks, y: inertia, color: Palette.color(0))),
                        .reference(ReferenceLine(.horizontal, at: 300, label: "threshold")),
                        .annotation(Annotation(x: 7, y: inertia[6], text: "k = 7", color: Palette.color(3))),
                    ], integerXTicks: true)), named: "line")
    }

    @Test func reachabilityBars() throws {
        let heights = (0..<200).map { i -> Double in i == 0 ? 4 : 1 + abs(sin(Double(i) / 15)) * 2 }
        let colors = heights.indices.map { i in i == 0 ? Color(hex: 0xDADADA) : (i < 100 ? Palette.color(0) : (i < 170 ? Palette.color(1) : .noise)) }
        try Self.check(
            Self.size(
                Axes(
                    xLabel: "position", yLabel: "reachability",
                    layers: [
                        .bars(
                            BarLayer(
                                x: heights.indices.map(Double.init), heights: heights, colors: colors,
                                legend: [(name: "noise", color: .noise), (name: "cluster 0", color: Palette.color(0))]))
                    ],
                    yLimits: 0...4.2, integerXTicks: true)), named: "reachability")
    }

    @Test func heatmapWithColorbar() throws {
        let layer = HeatmapLayer(
            rows: 3, columns: 2, values: [100, 0, 40, 60, 0, 100], colormap: .viridis, valueDecimals: 1,
            colorbarLabel: "%")
        try Self.check(
            Self.size(
                Axes(
                    layers: [.heatmap(layer)], grid: false, xCategories: ["% real", "% synthetic"],
                    yCategories: ["0", "1", "noise"])), named: "heatmap")
    }

    @Test func imageGridWithHeatmapOverlay() throws {
        let n = 40
        let disc = (0..<(n * n)).map { i -> Float in
            let (x, y) = (Float(i % n) - 20, Float(i / n) - 20)
            return (x * x + y * y).squareRoot() < 14 ? 0.8 : 0.2
        }
        let heat = (0..<(n * n)).map { i -> Float in Float(i % n) / Float(n - 1) }
        let grid = ImageGrid(
            panels: [
                .init(width: n, height: n, pixels: disc, caption: "cluster 0"),
                .init(width: n, height: n, pixels: disc, heatmap: heat, caption: "cluster 0, Grad-CAM"),
                .init(width: n, height: n, pixels: disc.map { 1 - $0 }, caption: "cluster 1"),
            ], columns: 2, cellSize: 60, dpi: 72)
        let rendered = try ImageGridRenderer().render(grid)
        let url = Self.folder.appendingPathComponent("grid.png")
        if ProcessInfo.processInfo.environment["LITMUS_RECORD"] == "1" {
            try Data(rendered.png).write(to: url)
            Issue.record("recorded grid.png; look at it, then run the tests again without LITMUS_RECORD")
            return
        }
        let golden = try #require(FileManager.default.contents(atPath: url.path).flatMap { PNGPixels([UInt8]($0)) })
        let actual = try #require(PNGPixels(rendered.png))
        #expect(actual.differingPixels(from: golden, tolerance: 8).count <= actual.width * actual.height / 1000)
        #expect(String(decoding: rendered.svg, as: UTF8.self).contains("<image"))
    }

    @Test func colormapsMatchTheirDefinitions() {
        #expect(Colormap.viridis.color(0) == Color(hex: 0x440154))
        #expect(Colormap.viridis.color(1) == Color(hex: 0xFDE725))
        // OpenCV JET, including its one irregular entry.
        #expect(Colormap.jet(0) == (0, 0, 128) && Colormap.jet(255) == (128, 0, 0))
        #expect(Colormap.jet(159) == (254, 255, 1))
        #expect(Colormap.jet(127) == (126, 255, 130))
    }
}
