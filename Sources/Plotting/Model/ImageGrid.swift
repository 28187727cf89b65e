/// A grid of grey images with captions — cluster representatives — each optionally overlaid with a
/// heatmap in [0, 1] (Grad-CAM), with one colour bar for the heatmaps.
public struct ImageGrid: Sendable, Equatable {
    public struct Panel: Sendable, Equatable {
        public var width: Int
        public var height: Int
        /// Grey values in [0, 1], row-major.
        public var pixels: [Float]
        /// Same size as the image, values in [0, 1]; nil = no overlay.
        public var heatmap: [Float]?
        public var caption: String

        public init(width: Int, height: Int, pixels: [Float], heatmap: [Float]? = nil, caption: String) {
            precondition(pixels.count == width * height && (heatmap == nil || heatmap!.count == pixels.count))
            (self.width, self.height, self.pixels, self.heatmap, self.caption) = (width, height, pixels, heatmap, caption)
        }
    }

    public var panels: [Panel]
    public var columns: Int
    /// Side of each panel's image in points.
    public var cellSize: Double
    public var colormap: Colormap
    /// Weight of the image under the heatmap (pytorch-grad-cam's `image_weight`).
    public var imageWeight: Double
    public var dpi: Double
    public var title: String?

    public init(
        panels: [Panel], columns: Int, cellSize: Double = 96, colormap: Colormap = .jet, imageWeight: Double = 0.5,
        dpi: Double = 110, title: String? = nil
    ) {
        (self.panels, self.columns, self.cellSize, self.colormap) = (panels, max(1, columns), cellSize, colormap)
        (self.imageWeight, self.dpi, self.title) = (imageWeight, dpi, title)
    }

    var hasHeatmaps: Bool { panels.contains { $0.heatmap != nil } }
}
