/// A figure: one set of axes on a page of a given size. Pure description; `FigureRenderer` draws it.
public struct Figure: Sendable, Equatable {
    /// Page size in inches.
    public var width: Double
    public var height: Double
    /// Pixels per inch of the PNG; the SVG is in points (72 per inch).
    public var dpi: Double
    public var title: String?
    public var axes: Axes

    public init(width: Double = 6.4, height: Double = 4.8, dpi: Double = 100, title: String? = nil,
                axes: Axes) {
        (self.width, self.height, self.dpi, self.title, self.axes) = (width, height, dpi, title, axes)
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
    public var grid: Bool

    public init(xLabel: String? = nil, yLabel: String? = nil, layers: [Layer] = [],
                xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil,
                integerXTicks: Bool = false, grid: Bool = true) {
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.layers = layers
        self.xLimits = xLimits
        self.yLimits = yLimits
        self.integerXTicks = integerXTicks
        self.grid = grid
    }
}

/// One thing drawn inside the axes.
public enum Layer: Sendable, Equatable {
    case scatter(ScatterLayer)
    case line(LineSeries)
    case reference(ReferenceLine)
    case annotation(Annotation)
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

    public init(x: [Double], y: [Double], categories: [Category], pointSize: Double = 4, alpha: Double = 0.7,
                legendTitle: String? = nil) {
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

    public init(name: String? = nil, x: [Double], y: [Double], color: Color, lineWidth: Double = 1.8,
                markers: Bool = true) {
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
