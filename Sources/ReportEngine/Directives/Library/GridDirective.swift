import Foundation
import Imaging
import Plotting

/// `grid`: images side by side with captions — e.g. the member nearest each cluster's centre.
struct GridDirective: Directive {
    let name = "grid"
    let summary = "A grid of images (e.g. cluster representatives) with captions, from their dataset's files."
    let version = 1
    let output = OutputKind.figure

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.record, .table]), required: true,
                       doc: "the images to show: a `representatives` result (its `cluster` column captions them) or a table with `id`"),
            OptionSpec("images", .reference(accepts: [.record, .table]), required: true,
                       doc: "the `dataset`/`combine` result that holds the images' files"),
            OptionSpec("columns", .int(1...50), default: .int(6), role: .presentation, doc: "images per row"),
            OptionSpec("cell_size", .number(24...600), default: .double(96), role: .presentation, doc: "side of each image in points"),
            OptionSpec("max_images", .int(1...500), default: .int(48), role: .presentation, doc: "images shown at most"),
            OptionSpec("dpi", .int(30...600), default: .int(110), role: .presentation, doc: "PNG pixels per inch"),
            OptionSpec("title", .string, role: .presentation, doc: "title above the grid"),
        ] + ImageReadingOptions.specs(role: .presentation)
    }

    func run(_ context: RunContext) throws -> Value { .null }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .table(let chosen) = try context.input("input").resolvingPrimary, case .strings(let ids)? = chosen["id"] else {
            throw DirectiveError("`input` needs an `id` column (a `representatives` result has one)", option: "input")
        }
        guard case .table(let catalog) = try context.input("images").resolvingPrimary,
              case .strings(let catalogIDs)? = catalog["id"], case .strings(let files)? = catalog["file"] else {
            throw DirectiveError("`images` must be a `dataset` or `combine` result", option: "images")
        }
        let fileOf = Dictionary(zip(catalogIDs, files), uniquingKeysWith: { a, _ in a })
        let reading = ImageReadingOptions.reading(context.options)
        let clusters = chosen["cluster"]
        let limit = context.options.int("max_images") ?? 48
        let cell = context.options.double("cell_size") ?? 96
        let pixelsPerCell = Int((cell * (context.options.double("dpi") ?? 110) / 72).rounded())
        let (columns, dpi, title) = (context.options.int("columns") ?? 6, context.options.double("dpi") ?? 110, context.options.string("title"))
        for id in ids.prefix(limit) where fileOf[id] == nil {
            throw DirectiveError("`\(id)` is not in `images`; show images of the dataset they came from", option: "images")
        }
        return Presentation(.grid {
            var panels = [ImageGrid.Panel]()
            for (row, id) in ids.prefix(limit).enumerated() {
                let path = fileOf[id]!
                let image = try ImageFiles.decode(path, reading: reading, option: "images").grey()
                let side = min(pixelsPerCell, max(image.width, image.height))
                let small = Resampler().resize(image, width: side, height: side)
                let caption = clusters.map { "cluster \($0.text(at: row))" } ?? id
                panels.append(ImageGrid.Panel(width: side, height: side, pixels: small.pixels, caption: caption))
            }
            return ImageGrid(panels: panels, columns: columns, cellSize: cell, dpi: dpi, title: title)
        })
    }
}
