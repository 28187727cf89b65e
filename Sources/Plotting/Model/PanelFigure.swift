/// Several plots on one page, in rows of `columns`, each with its own axes and title: small multiples
/// (one strip plot per value whose scales differ).
public struct PanelFigure: Sendable, Equatable {
    /// Page size in inches.
    public var width: Double
    public var height: Double
    public var dpi: Double
    public var panels: [Panel]
    public var columns: Int

    public init(width: Double, height: Double, dpi: Double, panels: [Panel], columns: Int) {
        precondition(columns > 0, "a panel figure has at least one column")
        (self.width, self.height, self.dpi, self.panels, self.columns) = (width, height, dpi, panels, columns)
    }

    /// Rows of panels the page holds.
    public var rows: Int { max(1, (panels.count + columns - 1) / columns) }
}

/// One plot of a `PanelFigure`.
public struct Panel: Sendable, Equatable {
    public var title: String?
    public var axes: Axes

    public init(title: String? = nil, axes: Axes) { (self.title, self.axes) = (title, axes) }
}
