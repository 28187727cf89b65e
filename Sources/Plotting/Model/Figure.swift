/// A figure: one set of axes on a page of a given size. Pure description; `FigureRenderer` draws it.
public struct Figure: Sendable, Equatable {
    /// Page size in inches.
    public var width: Double
    public var height: Double
    /// Pixels per inch of the PNG; the SVG is in points (72 per inch).
    public var dpi: Double
    public var title: String?
    public var axes: Axes
    /// Points; smaller for the panels of a `PanelFigure`.
    public var titleFontSize: Double

    public init(
        width: Double = 6.4, height: Double = 4.8, dpi: Double = 100, title: String? = nil,
        axes: Axes, titleFontSize: Double = 11
    ) {
        (self.width, self.height, self.dpi, self.title, self.axes) = (width, height, dpi, title, axes)
        self.titleFontSize = titleFontSize
    }
}

/// A pair of axes with the layers drawn in them, in order.
public struct Axes: Sendable, Equatable {
    public var xLabel: String?
    public var yLabel: String?
    public var layers: [Layer]
    /// Fixed limits; `nil` = from the data with a 5 % margin (as matplotlib).
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    /// Show integer ticks only (e.g. a number of clusters on the x axis).
    public var integerXTicks: Bool
    /// Show integer ticks only on the y axis (e.g. a number of clusters per seed).
    public var integerYTicks: Bool
    public var grid: Bool
    /// Names at x = 0, 1, 2, … instead of numeric ticks (e.g. heatmap columns).
    public var xCategories: [String]?
    /// Names at y = 0, 1, 2, … counted from the top (e.g. heatmap rows).
    public var yCategories: [String]?

    public init(
        xLabel: String? = nil, yLabel: String? = nil, layers: [Layer] = [],
        xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil,
        integerXTicks: Bool = false, integerYTicks: Bool = false, grid: Bool = true, xCategories: [String]? = nil,
        yCategories: [String]? = nil
    ) {
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.layers = layers
        self.xLimits = xLimits
        self.yLimits = yLimits
        self.integerXTicks = integerXTicks
        self.integerYTicks = integerYTicks
        self.grid = grid
        self.xCategories = xCategories
        self.yCategories = yCategories
    }
}

/// One thing drawn inside the axes.
public enum Layer: Sendable, Equatable {
    case scatter(ScatterLayer)
    case line(LineSeries)
    case reference(ReferenceLine)
    case annotation(Annotation)
    case bars(BarLayer)
    case heatmap(HeatmapLayer)
}

/// Vertical bars from 0, one colour each (the OPTICS reachability plot).
public struct BarLayer: Sendable, Equatable {
    public var x: [Double]
    public var heights: [Double]
    public var colors: [Color]
    /// Bar width in data units.
    public var width: Double
    /// Legend rows: a name per colour meaning.
    public var legend: [(name: String, color: Color)]

    public init(x: [Double], heights: [Double], colors: [Color], width: Double = 1, legend: [(name: String, color: Color)] = []) {
        precondition(x.count == heights.count && x.count == colors.count)
        (self.x, self.heights, self.colors, self.width, self.legend) = (x, heights, colors, width, legend)
    }

    public static func == (a: BarLayer, b: BarLayer) -> Bool {
        a.x == b.x && a.heights == b.heights && a.colors == b.colors && a.width == b.width
            && a.legend.map(\.name) == b.legend.map(\.name) && a.legend.map(\.color) == b.legend.map(\.color)
    }
}

/// A matrix of values as coloured cells, row 0 at the top, with a colour bar.
public struct HeatmapLayer: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    /// Row-major values; NaN cells are left blank.
    public var values: [Double]
    public var colormap: Colormap
    /// Colour scale limits; default the finite minimum and maximum.
    public var range: ClosedRange<Double>?
    /// Write each value in its cell with this many decimals; `nil` = no text.
    public var valueDecimals: Int?
    public var colorbarLabel: String?

    public init(
        rows: Int, columns: Int, values: [Double], colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil,
        valueDecimals: Int? = nil, colorbarLabel: String? = nil
    ) {
        precondition(values.count == rows * columns)
        (self.rows, self.columns, self.values, self.colormap) = (rows, columns, values, colormap)
        (self.range, self.valueDecimals, self.colorbarLabel) = (range, valueDecimals, colorbarLabel)
    }

    /// The colour scale's limits.
    public var scale: ClosedRange<Double> {
        if let range { return range }
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        return low < high ? low...high : (low - 0.5)...(high + 0.5)
    }
}

/// Points, optionally in categories. Categories with `isNoise` are drawn first, in grey.
public struct ScatterLayer: Sendable, Equatable {
    public struct Category: Sendable, Equatable {
        public var name: String
        public var color: Color
        /// Indices into `x`/`y` of this category's points.
        public var members: [Int]
        public var isNoise: Bool

        public init(name: String, color: Color, members: [Int], isNoise: Bool = false) {
            (self.name, self.color, self.members, self.isNoise) = (name, color, members, isNoise)
        }
    }

    public var x: [Double]
    public var y: [Double]
    public var categories: [Category]
    /// Marker diameter in points.
    public var pointSize: Double
    public var alpha: Double
    /// Title above the legend entries (e.g. the label column's name).
    public var legendTitle: String?

    public init(
        x: [Double], y: [Double], categories: [Category], pointSize: Double = 4, alpha: Double = 0.7,
        legendTitle: String? = nil
    ) {
        precondition(x.count == y.count)
        (self.x, self.y, self.categories) = (x, y, categories)
        (self.pointSize, self.alpha, self.legendTitle) = (pointSize, alpha, legendTitle)
    }
}

/// A polyline with optional markers at the data points, named in the legend.
public struct LineSeries: Sendable, Equatable {
    public var name: String?
    public var x: [Double]
    public var y: [Double]
    public var color: Color
    public var lineWidth: Double
    public var markers: Bool

    public init(
        name: String? = nil, x: [Double], y: [Double], color: Color, lineWidth: Double = 1.8,
        markers: Bool = true
    ) {
        precondition(x.count == y.count)
        (self.name, self.x, self.y, self.color, self.lineWidth, self.markers) = (name, x, y, color, lineWidth, markers)
    }
}

/// A dashed horizontal or vertical line across the axes, with an optional label.
public struct ReferenceLine: Sendable, Equatable {
    public enum Orientation: Sendable, Equatable { case horizontal, vertical }
    public var orientation: Orientation
    public var value: Double
    public var label: String?
    public var color: Color

    public init(_ orientation: Orientation, at value: Double, label: String? = nil, color: Color = .axis) {
        (self.orientation, self.value, self.label, self.color) = (orientation, value, label, color)
    }
}

/// A highlighted point with a text label next to it (e.g. the chosen k on an elbow curve).
public struct Annotation: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var text: String
    public var color: Color

    public init(x: Double, y: Double, text: String, color: Color = .black) {
        (self.x, self.y, self.text, self.color) = (x, y, text, color)
    }
}
