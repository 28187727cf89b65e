import Plotting

/// Presentation options every figure directive shares: size, resolution, title and axis labels.
struct FigureOptions {
    static func specs(defaultPointSize: Double? = nil) -> [OptionSpec] {
        var specs = [
            OptionSpec("width", .number(1...30), default: .double(6.4), role: .presentation, doc: "figure width in inches"),
            OptionSpec("height", .number(1...30), default: .double(4.2), role: .presentation, doc: "figure height in inches"),
            OptionSpec("dpi", .int(30...600), default: .int(110), role: .presentation, doc: "PNG pixels per inch"),
            OptionSpec("title", .string, role: .presentation, doc: "title above the plot"),
            OptionSpec("xlabel", .string, role: .presentation, doc: "x-axis label"),
            OptionSpec("ylabel", .string, role: .presentation, doc: "y-axis label"),
        ]
        if let size = defaultPointSize {
            specs += [
                OptionSpec("point_size", .number(0.5...50), default: .double(size), role: .presentation, doc: "marker diameter in points"),
                OptionSpec("alpha", .number(0.05...1), default: .double(0.7), role: .presentation, doc: "marker opacity"),
                OptionSpec("legend_title", .string, role: .presentation, doc: "legend heading; default the label name"),
            ]
        }
        return specs
    }

    let options: ResolvedOptions

    init(_ options: ResolvedOptions) { self.options = options }

    func figure(axes: Axes) -> Figure {
        Figure(width: options.double("width") ?? 6.4, height: options.double("height") ?? 4.2,
               dpi: options.double("dpi") ?? 110, title: options.string("title"), axes: axes)
    }
}
