import Foundation
import Imaging
import Plotting
import ReportEngine

/// `pair_grid`: pairs of images side by side — each generated image beside its nearest training image
/// (a `memorization` result's `pairs`), captioned with the pair's ratio (or distance) and SSIM.
struct PairGridDirective: TypedDirective {
    let name = "pair_grid"
    let summary = "Pairs of images side by side (a generated image | its nearest training image), captioned with the ratio (or distance) and SSIM."
    let version = 1
    let output = OutputKind.figure

    static let input = InputOption.reference(
        "input", accepts: [.record, .table], required: true,
        doc: "a `memorization` result (its `pairs`) or a table with the two id columns")
    static let images = InputOption.references(
        "images", accepts: [.record, .table], required: true,
        doc: "the `dataset`/`combine` results holding the left and the right images' files, in that order")
    static let left = Option<String>("left", .string, default: "generated", role: .presentation, doc: "the column of the left images' ids")
    static let right = Option<String>("right", .string, default: "train", role: .presentation, doc: "the column of the right images' ids")
    static let pairsPerRow = Option<Int>("pairs_per_row", .int(1...20), default: 3, role: .presentation, doc: "pairs per row")
    static let cellSize = Option<Double>("cell_size", .number(24...600), default: 96, role: .presentation, doc: "side of each image in points")
    static let maxPairs = Option<Int>(
        "max_pairs", .int(1...250), default: 12, role: .presentation, doc: "pairs shown at most, from the top of the table")
    static let title = Option<String?>("title", .string, role: .presentation, doc: "title above the grid")

    var options: [OptionSpec] {
        OptionSpec.of(
            [Self.input, Self.images, Self.left, Self.right, Self.pairsPerRow, Self.cellSize, Self.maxPairs, FigureOptions.dpi, Self.title]
                + ImageReadingOptions.keys(role: .presentation))
    }

    typealias Result = NoResult

    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] {
        let written = options.writtenEach(Self.images).count
        return written == 2
            ? []
            : [(Self.images.name, "give two datasets, the left images' and the right images', e.g. `images: [synthetic, reference]`; got \(written)")]
    }

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        let o = context.options
        guard case .table(let table) = try context.value(Self.input).resolvingPrimary else {
            throw DirectiveError("`input` must be a `memorization` result or a table", option: Self.input.name)
        }
        let columns = [o[Self.left], o[Self.right]]
        var ids = [[String]]()
        for name in columns {
            guard case .strings(let values)? = table[name] else {
                throw DirectiveError(
                    "`input` has no id column `\(name)`; its columns: \(table.columns.map(\.name).joined(separator: ", "))", option: Self.input.name)
            }
            ids.append(Array(values.prefix(o[Self.maxPairs])))
        }
        let fileOf = try context.values(Self.images).map { try ImageFiles.paths(in: $0, option: Self.images.name) }
        var paths = [String]()
        for row in ids[0].indices {
            for side in 0..<2 {
                guard let path = fileOf[side][ids[side][row]] else {
                    throw DirectiveError(
                        "`\(ids[side][row])` is not in the \(side == 0 ? "first" : "second") dataset of `images`; give the datasets the ids came from",
                        option: Self.images.name)
                }
                paths.append(path)
            }
        }
        let captions = ids[0].indices.map { row in (Self.leftCaption(ids[0][row]), Self.rightCaption(table, row: row)) }
        let (cell, dpi, title) = (o[Self.cellSize], Double(o[FigureOptions.dpi]), o[Self.title])
        let pixels = Int((cell * dpi / 72).rounded())
        let reading = ImageReadingOptions.reading(o)
        let perRow = 2 * o[Self.pairsPerRow]
        let files = paths
        return .grid(dpi: dpi) {
            let images = try ImageFiles.decodeAll(files, reading: reading, option: Self.images.name) { image in
                Resampler().resize(image.grey(), width: pixels, height: pixels)
            }
            let panels = images.enumerated().map { k, image in
                ImageGrid.Panel(
                    width: image.width, height: image.height, pixels: image.pixels,
                    caption: k % 2 == 0 ? captions[k / 2].0 : captions[k / 2].1)
            }
            return ImageGrid(panels: panels, columns: perRow, cellSize: cell, dpi: dpi, title: title)
        }
    }

    /// The id's file name without its extension (`synthetic/synthetic-00012.png` → `synthetic-00012`).
    private static func leftCaption(_ id: String) -> String {
        let name = String(id.split(separator: "/").last ?? Substring(id))
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// "r 0.08 · SSIM 0.997" from whichever of those columns the table has (the distance when it has
    /// no ratio); short enough to sit under one image.
    private static func rightCaption(_ table: Table, row: Int) -> String {
        let ratio = table["ratio"]?.numbers.map { "r " + ValueFormatter.fixed($0[row], decimals: 2) }
        let distance = table["distance"]?.numbers.map { "d " + ValueFormatter.compact($0[row]) }
        let ssim = table["ssim"]?.numbers.map { "SSIM " + ValueFormatter.fixed($0[row], decimals: 3) }
        return [ratio ?? distance, ssim].compactMap { $0 }.joined(separator: " · ")
    }
}
