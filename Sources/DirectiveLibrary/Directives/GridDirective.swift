import Foundation
import Imaging
import Plotting
import ReportEngine

/// `grid`: images side by side with captions — e.g. the member nearest each cluster's centre.
struct GridDirective: TypedDirective {
    let name = "grid"
    let summary = "A grid of images (e.g. cluster representatives) with captions, from their dataset's files."
    let version = 1
    let output = OutputKind.figure

    static let input = InputOption.reference(
        "input", accepts: [.record, .table], required: true,
        doc: "the images to show: a `representatives` result (its `cluster` column captions them) or a table with `id`")
    static let images = InputOption.reference(
        "images", accepts: [.record, .table], required: true,
        doc: "the `dataset`/`combine` result that holds the images' files")
    static let columns = Option<Int>("columns", .int(1...50), default: 6, role: .presentation, doc: "images per row")
    static let cellSize = Option<Double>("cell_size", .number(24...600), default: 96, role: .presentation, doc: "side of each image in points")
    static let maxImages = Option<Int>("max_images", .int(1...500), default: 48, role: .presentation, doc: "images shown at most")
    static let title = Option<String?>("title", .string, role: .presentation, doc: "title above the grid")

    var options: [OptionSpec] {
        OptionSpec.of(
            [Self.input, Self.images, Self.columns, Self.cellSize, Self.maxImages, FigureOptions.dpi, Self.title]
                + ImageReadingOptions.keys(role: .presentation))
    }

    typealias Result = NoResult

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        let o = context.options
        guard case .table(let chosen) = try context.value(Self.input).resolvingPrimary, case .strings(let ids)? = chosen["id"] else {
            throw DirectiveError("`input` needs an `id` column (a `representatives` result has one)", option: Self.input.name)
        }
        let fileOf = try ImageFiles.paths(in: try context.value(Self.images), option: Self.images.name)
        let reading = ImageReadingOptions.reading(o)
        let clusters = chosen["cluster"]
        let shown = Array(ids.prefix(o[Self.maxImages]))
        let (cell, dpi, columns, title) = (o[Self.cellSize], Double(o[FigureOptions.dpi]), o[Self.columns], o[Self.title])
        let pixelsPerCell = Int((cell * dpi / 72).rounded())
        for id in shown where fileOf[id] == nil {
            throw DirectiveError("`\(id)` is not in `images`; show images of the dataset they came from", option: Self.images.name)
        }
        return .grid(dpi: dpi) {
            let images = try ImageFiles.decodeAll(shown.map { fileOf[$0]! }, reading: reading, option: Self.images.name) { image in
                Self.thumbnail(image.grey(), pixels: pixelsPerCell)
            }
            var panels = [ImageGrid.Panel]()
            for (row, id) in shown.enumerated() {
                let caption = clusters.map { "cluster \($0.text(at: row))" } ?? id
                panels.append(ImageGrid.Panel(width: images[row].width, height: images[row].height, pixels: images[row].pixels, caption: caption))
            }
            return ImageGrid(panels: panels, columns: columns, cellSize: cell, dpi: dpi, title: title)
        }
    }

    /// The image as a square of at most `pixels` a side (never enlarged beyond its own size).
    private static func thumbnail(_ grey: Image, pixels: Int) -> Image {
        let side = min(pixels, max(grey.width, grey.height))
        return Resampler().resize(grey, width: side, height: side)
    }
}
