import Foundation
import Plotting
import ReportEngine

/// Presentation options every figure directive shares: size, resolution, title and axis labels.
enum FigureOptions {
    static let width = Option<Double>("width", .number(1...30), default: 6.4, role: .presentation, doc: "figure width in inches")
    static let height = Option<Double>("height", .number(1...30), default: 4.2, role: .presentation, doc: "figure height in inches")
    static let dpi = Option<Int>("dpi", .int(30...600), default: 110, role: .presentation, doc: "PNG pixels per inch")
    static let title = Option<String?>("title", .string, role: .presentation, doc: "title above the plot")
    static let xLabel = Option<String?>("xlabel", .string, role: .presentation, doc: "x-axis label")
    static let yLabel = Option<String?>("ylabel", .string, role: .presentation, doc: "y-axis label")
    static let alpha = Option<Double>("alpha", .number(0.05...1), default: 0.7, role: .presentation, doc: "marker opacity")
    static let legendTitle = Option<String?>("legend_title", .string, role: .presentation, doc: "legend heading; default the label name")

    static func pointSize(default size: Double) -> Option<Double> {
        Option("point_size", .number(0.5...50), default: size, role: .presentation, doc: "marker diameter in points")
    }

    /// The options of a plot; with a point size, those of markers too.
    static func keys(defaultPointSize: Double? = nil) -> [any OptionKey] {
        let plot: [any OptionKey] = [width, height, dpi, title, xLabel, yLabel]
        guard let size = defaultPointSize else { return plot }
        return plot + [pointSize(default: size), alpha, legendTitle]
    }

    /// The figure around `axes`, sized as the options say.
    static func figure(_ options: ResolvedOptions, axes: Axes) -> Figure {
        Figure(width: options[width], height: options[height], dpi: Double(options[dpi]), title: options[title], axes: axes)
    }
}

extension Presentation {
    /// A plot, drawn only when its drawing is not in the cache.
    static func plot(_ figure: Figure) -> Presentation {
        Presentation(.figure(dpi: figure.dpi) { try FigureRenderer().render(figure) })
    }

    /// A grid of images, built (its images decoded) and drawn only when its drawing is not in the cache.
    static func grid(dpi: Double, _ build: @escaping @Sendable () throws -> ImageGrid) -> Presentation {
        Presentation(.figure(dpi: dpi) { try ImageGridRenderer().render(try build()) })
    }
}

extension Colormap: OptionDecodable, OptionChoice {}
