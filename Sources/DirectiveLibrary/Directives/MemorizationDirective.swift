import Analysis
import Foundation
import Imaging
import LinearAlgebra
import ReportEngine

/// `memorization`: whether a generator hands back near-copies of its training images. Per generated
/// item its nearest training item and that distance relative to the training item's own nearest
/// neighbour; the near-copies that ratio flags, AuthPct, and C_T against a held-out set; for the closest
/// pairs, the images' SSIM (docs/algorithms.md, "Does the generator copy its training images?").
struct MemorizationDirective: TypedDirective {
    let name = "memorization"
    let summary =
        "Nearest training item of each generated item, near-copies by a relative threshold, AuthPct, C_T against held-out items, SSIM of the closest pairs."
    /// 2: `notes` (why C_T is missing).
    let version = 2
    let output = OutputKind.table
    /// C_T's k-means.
    let isRandom = true

    static let generated = InputOption.reference("generated", accepts: [.matrix], required: true, doc: "the generated items' features")
    static let train = InputOption.reference(
        "train", accepts: [.matrix], required: true,
        doc: "the features of the generator's training set, of the same network and layer")
    static let heldout = InputOption.reference(
        "heldout", accepts: [.matrix],
        doc: "real items of the training distribution the generator did not see; gives C_T and the held-out histogram")
    static let images = InputOption.references(
        "images", accepts: [.record, .table],
        doc: "the generated and the training `dataset`/`combine` results, in that order: gives the pairs' SSIM")
    static let copyRatio = Option<Double>(
        "copy_ratio", .number(0...10), default: 1.0 / 3,
        doc:
            "a generated item is a near-copy when its nearest-training distance is below this times that training item's distance to its nearest other training item"
    )
    static let pairCount = Option<Int>(
        "n_pairs", .int(1...500), default: 12, doc: "the closest pairs listed (lowest ratio first) and compared by SSIM")
    static let size = Option<Int>(
        "size", .int(7...1024), default: 224,
        doc: "SSIM compares the two grey images resized to size × size (the network's input size)")

    var options: [OptionSpec] {
        OptionSpec.of(
            [Self.generated, Self.train, Self.heldout, Self.images, Self.copyRatio, Self.pairCount, Self.size]
                + ImageReadingOptions.keys())
    }

    struct Result: DirectiveResult {
        var nearest: Table
        var pairs: Table
        var heldoutNearest: Table?
        var copies: Int
        var copyIDs: [String]
        var copyRatio: Double
        var authenticity: Double
        var ct: Double?
        var ctCells: Table?
        var generatedCount: Int
        var trainCount: Int
        var notes: [String]

        static let primary: String? = "pairs"
        static var fields: [ResultField<Result>] {
            [
                .init(
                    "nearest", \.nearest, columns: ["generated", "train", "distance", "ratio"],
                    doc:
                        "per generated item its nearest training item, the Euclidean distance and that over the training item's distance to its nearest other training item"
                ),
                .init(
                    "pairs", \.pairs,
                    doc: "the `n_pairs` pairs of lowest ratio: generated, train, distance, ratio, near_copy, and ssim when `images` are given"),
                .init(
                    "heldout_nearest", \.heldoutNearest,
                    doc: "the same as `nearest` for the held-out items (columns heldout, train, distance, ratio), when `heldout` is given"),
                .init("copies", \.copies, doc: "generated items whose ratio is below `copy_ratio`: near-copies in feature space"),
                .init("copy_ids", \.copyIDs, doc: "their ids, in item order"),
                .init("copy_ratio", \.copyRatio, doc: "the threshold used"),
                .init(
                    "authenticity", \.authenticity,
                    doc: "AuthPct in %: generated items farther from their nearest training item than it is from its own (dgm-eval)"),
                .init(
                    "ct", \.ct,
                    doc:
                        "the data-copying test's Z (Meehan et al. 2020, dgm-eval's settings), when `heldout` is given: well below 0 copying, about 0 none"
                ),
                .init("ct_cells", \.ctCells, doc: "C_T's cells: training, heldout, generated, u, z, weight, included"),
                .init("n_generated", \.generatedCount, doc: "generated items"),
                .init("n_train", \.trainCount, doc: "training items"),
                .init("notes", \.notes, doc: "what the numbers rest on: why C_T is missing when `heldout` is given but it cannot be computed"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (nearest, pairs, heldoutNearest) = (try r(\.nearest), try r(\.pairs), try r(\.heldoutNearest))
            (copies, copyIDs, copyRatio, authenticity) = (try r(\.copies), try r(\.copyIDs), try r(\.copyRatio), try r(\.authenticity))
            (ct, ctCells, generatedCount, trainCount, notes) = (
                try r(\.ct), try r(\.ctCells), try r(\.generatedCount), try r(\.trainCount), try r(\.notes)
            )
        }

        init(
            nearest: Table, pairs: Table, heldoutNearest: Table?, copyIDs: [String], copyRatio: Double, authenticity: Double,
            test: DataCopyingTest?, generatedCount: Int, trainCount: Int, notes: [String]
        ) {
            (self.nearest, self.pairs, self.heldoutNearest) = (nearest, pairs, heldoutNearest)
            (copies, self.copyIDs, self.copyRatio, self.authenticity) = (copyIDs.count, copyIDs, copyRatio, authenticity)
            (self.generatedCount, self.trainCount, self.notes) = (generatedCount, trainCount, notes)
            ct = test?.value
            ctCells = test.map { t in
                Table([
                    .init("training", .ints(t.cells.map(\.training))), .init("heldout", .ints(t.cells.map(\.heldout))),
                    .init("generated", .ints(t.cells.map(\.generated))), .init("u", .doubles(t.cells.map(\.u))),
                    .init("z", .doubles(t.cells.map(\.z))), .init("weight", .doubles(t.cells.map(\.weight))),
                    .init("included", .strings(t.cells.map { $0.included ? "yes" : "no" })),
                ])
            }
        }
    }

    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] {
        let written = options.writtenEach(Self.images)
        guard !written.isEmpty, written.count != 2 else { return [] }
        return [
            (
                Self.images.name,
                "give two datasets, the generated images' and the training images', e.g. `images: [synthetic, reference]`; got \(written.count)"
            )
        ]
    }

    func compute(_ context: RunContext) throws -> Result {
        let o = context.options
        let (generated, train) = (try context.matrix(Self.generated), try context.matrix(Self.train))
        let heldout = try context.value(ifGiven: Self.heldout).map { _ in try context.matrix(Self.heldout) }
        try Self.validate(generated, Self.generated, minimum: 1)
        try Self.validate(train, Self.train, minimum: 2)
        if let heldout { try Self.validate(heldout, Self.heldout, minimum: 1) }
        for (option, other) in [(Self.generated, generated), (Self.heldout, heldout)] {
            guard let other, other.matrix.columns != train.matrix.columns else { continue }
            throw DirectiveError(
                "`\(option.name)` has \(other.matrix.columns) features per item and `train` \(train.matrix.columns); compare features of the same network and layer",
                option: option.name)
        }

        let trainRows = FeatureRows(train.matrix)
        let trainNeighbours = NearestTraining.neighbourDistances(of: trainRows)  // once for the generated and held-out items
        let nearest = NearestTraining(generated: FeatureRows(generated.matrix), training: trainRows, trainingNeighbourDistance: trainNeighbours)
        let ratio = nearest.ratio
        let threshold = o[Self.copyRatio]
        let copies = nearest.copies(below: threshold)
        // Lowest ratio first: a near-copy leads wherever in the feature space it lies.
        let order = ratio.indices.sorted { (ratio[$0], nearest.distance[$0], $0) < (ratio[$1], nearest.distance[$1], $1) }
        let shown = Array(order.prefix(o[Self.pairCount]))
        var pairColumns: [Table.NamedColumn] = [
            .init("generated", .strings(shown.map { generated.ids[$0] })),
            .init("train", .strings(shown.map { train.ids[nearest.index[$0]] })),
            .init("distance", .doubles(shown.map { nearest.distance[$0] })),
            .init("ratio", .doubles(shown.map { ratio[$0] })),
            .init("near_copy", .strings(shown.map { ratio[$0] < threshold ? "yes" : "no" })),
        ]
        let datasets = context.values(Self.images)
        if datasets.count == 2 {
            let pairs = shown.map { (generated.ids[$0], train.ids[nearest.index[$0]]) }
            pairColumns.append(.init("ssim", .doubles(try Self.similarities(pairs, datasets: datasets, context: context))))
        }

        var heldoutTable: Table?
        var test: DataCopyingTest?
        var notes = [String]()
        if let heldout {
            let baseline = NearestTraining(generated: FeatureRows(heldout.matrix), training: trainRows, trainingNeighbourDistance: trainNeighbours)
            heldoutTable = Self.table(first: "heldout", ids: heldout.ids, nearest: baseline, trainIDs: train.ids)
            // Too few items for C_T's cells is a property of the sample, not an error in the template: the
            // rest of the result stands, and the note says why C_T is missing.
            do {
                test = try DataCopyingTest(
                    training: train.matrix, heldout: heldout.matrix, generated: generated.matrix, seed: UInt32(truncatingIfNeeded: context.seed))
            } catch {
                notes.append("C_T is not computed: \(error).")
            }
        }
        return Result(
            nearest: Self.table(first: "generated", ids: generated.ids, nearest: nearest, trainIDs: train.ids),
            pairs: Table(pairColumns), heldoutNearest: heldoutTable, copyIDs: copies.map { generated.ids[$0] }, copyRatio: threshold,
            authenticity: nearest.authenticity, test: test, generatedCount: generated.ids.count, trainCount: train.ids.count,
            notes: notes)
    }

    private static func table(first: String, ids: [String], nearest: NearestTraining, trainIDs: [String]) -> Table {
        Table([
            .init(first, .strings(ids)), .init("train", .strings(nearest.index.map { trainIDs[$0] })),
            .init("distance", .doubles(nearest.distance)), .init("ratio", .doubles(nearest.ratio)),
        ])
    }

    private static func validate(_ items: ItemMatrix, _ option: InputOption, minimum: Int) throws {
        guard items.ids.count >= minimum else {
            throw DirectiveError(
                "`\(option.name)` has \(items.ids.count) item\(items.ids.count == 1 ? "" : "s"); it needs at least \(minimum)", option: option.name)
        }
        guard items.matrix.columns > 0 else {
            throw DirectiveError("`\(option.name)` has no features (a table with ids only?); give a features result or a matrix", option: option.name)
        }
        try FeatureChecks.requireFinite(items, option: option.name)
    }

    /// SSIM of each (generated, training) pair's grey images at size × size.
    private static func similarities(_ pairs: [(String, String)], datasets: [Value], context: RunContext) throws -> [Double] {
        let files = try datasets.map { try ImageFiles.paths(in: $0, option: Self.images.name) }
        var paths = [String]()
        for (generated, train) in pairs {
            for (id, side) in [(generated, 0), (train, 1)] {
                guard let path = files[side][id] else {
                    let which = side == 0 ? "first (the generated images')" : "second (the training images')"
                    throw DirectiveError(
                        "`\(id)` is not in the \(which) dataset of `images`; give the datasets the features came from", option: Self.images.name)
                }
                paths.append(path)
            }
        }
        let side = context.options[Self.size]
        let grey = try ImageFiles.decodeAll(paths, reading: ImageReadingOptions.reading(context.options), option: Self.images.name) { image in
            Resampler().resize(image.grey(), width: side, height: side).pixels.map(Double.init)
        }
        return pairs.indices.map { StructuralSimilarity.mean(grey[2 * $0], grey[2 * $0 + 1], width: side, height: side) }
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        Presentation(.table(r.pairs, digits: 3))
    }
}
