import Foundation
import Imaging
import LinearAlgebra
import NeuralNet
import Plotting
import ReportEngine

/// `gradcam`: what VGG19 looked at in chosen images (cluster representatives), as Grad-CAM heat maps of
/// a function of the pooled feature vector, shown beside each image.
struct GradCAMDirective: TypedDirective, ShardedDirective {
    let name = "gradcam"
    let summary =
        "Grad-CAM heat maps of chosen images (e.g. cluster representatives) for the sum, one feature or a projection of the VGG19 feature vector."
    /// 2: on oneDNN (backward-data convolutions, ReLU and max-pool backward).
    /// 3: the features step's preprocessing as its reference pipeline computes it; DICOM window and frame.
    let version = 3
    /// It reruns the network the features step describes, from that step's result fields.
    var builtOn: [any Directive] { [FeaturesDirective()] }
    let output = OutputKind.figure
    let shardUnit = "images"
    /// The images, which ones, and the network they go through (`Job`: each item's key holds the
    /// network's description instead of the features step's key).
    var itemSelectingOptions: [any OptionKey] { [Self.input, Self.ids, Self.images, Self.features, Self.maxImages, Self.composition] }

    static let input = InputOption.reference(
        "input", accepts: [.record, .table],
        doc: "the images to explain: a `representatives` result (its `cluster` column captions them) or a table with `id`")
    static let ids = Option<[String]?>("ids", .list(.string), doc: "or the images' ids in `images`, e.g. `[most/0001.png, synthetic/0042.png]`")
    static let images = InputOption.reference(
        "images", accepts: [.record, .table], required: true,
        doc: "the `dataset`/`combine` result that holds the images' files")
    static let features = InputOption.reference(
        "features", accepts: [.record], required: true,
        doc: "the `features` step whose network (weights, size, preprocessing) is explained")
    static let layer = Option<String>(
        "layer", .choice(GradCAM.convolutionNames), default: "conv5_4",
        doc: "the convolution whose activations (after its ReLU) are weighted: conv1_1 … conv5_4")
    static let target = Option<String>(
        "target", .oneOf([.choice(["sum"]), .int(0...511), .reference(accepts: [.list, .matrix])]), default: "sum",
        doc: "`sum` of the feature vector, a feature number 0…511, or a 512-d vector to project on, e.g. `pca.components[0]`")
    static let precision = Option<Precision>("precision", default: .f32, doc: "`f32`, or `bf16` (AVX-512 BF16 or AMX; an error on other CPUs)")
    static let maxImages = Option<Int>("max_images", .int(1...200), default: 24, doc: "images explained at most, in `input` order")
    static let colormap = Option<Colormap>(
        "colormap", default: .jet, role: .presentation, doc: "heat-map colours (JET as in the Grad-CAM literature)")
    static let imageWeight = Option<Double>(
        "image_weight", .number(0...1), default: 0.5, role: .presentation,
        doc: "weight of the image under the heat map (pytorch-grad-cam's `image_weight`)")
    static let composition = InputOption.reference(
        "composition", accepts: [.record, .table],
        doc: "a `composition` result: each cluster's size and majority in the captions")
    static let columns = Option<Int>("columns", .int(2...50), default: 6, role: .presentation, doc: "panels per row (image and heat map are two)")
    static let cellSize = Option<Double>("cell_size", .number(24...600), default: 96, role: .presentation, doc: "side of each panel in points")
    static let title = Option<String?>("title", .string, role: .presentation, doc: "title above the grid")

    var options: [OptionSpec] {
        OptionSpec.of([
            Self.input, Self.ids, Self.images, Self.features, Self.layer, Self.target, Self.precision, Self.maxImages, Self.colormap,
            Self.imageWeight, Self.composition, Self.columns, Self.cellSize, FigureOptions.dpi, Self.title,
        ])
    }

    struct Result: DirectiveResult {
        var heatmaps: ItemMatrix
        var ids: [String]
        var size: Int
        var layer: String
        var target: String
        var count: Int
        var precision: String
        var window: ImageReading.Window
        var frame: Int
        var cluster: [String]?

        static let primary: String? = "heatmaps"
        static var fields: [ResultField<Result>] {
            [
                .init("heatmaps", \.heatmaps, doc: "one row per image: the size × size map, row by row, in [0, 1]"),
                .init("ids", \.ids, doc: "the images explained"),
                .init("size", \.size, doc: "the side of the maps (the features step's size)"),
                .init("layer", \.layer, doc: "the convolution explained"),
                .init("target", \.target, doc: "what the maps explain: the sum, a feature, a projection"),
                .init("count", \.count, doc: "images explained"),
                .init("precision", \.precision, doc: "`f32` or `bf16`"),
                .init("window", \.window, doc: "the DICOM window the images were read with"),
                .init("frame", \.frame, doc: "the DICOM frame"),
                .init("cluster", \.cluster, doc: "with a `representatives` input: each image's cluster"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (heatmaps, ids, size, layer, target) = (try r(\.heatmaps), try r(\.ids), try r(\.size), try r(\.layer), try r(\.target))
            (count, precision, window, frame, cluster) = (try r(\.count), try r(\.precision), try r(\.window), try r(\.frame), try r(\.cluster))
        }

        init(heatmaps: ItemMatrix, size: Int, layer: String, target: String, precision: String, reading: ImageReading, cluster: [String]?) {
            (self.heatmaps, ids, self.size, self.layer, self.target, count) = (heatmaps, heatmaps.ids, size, layer, target, heatmaps.ids.count)
            (self.precision, window, frame, self.cluster) = (precision, reading.window, reading.frame, cluster)
        }

        var reading: ImageReading { ImageReading(window: window, frame: frame) }
    }

    func compute(_ context: RunContext) throws -> Result {
        let job = try Job(context, self)
        let side = job.network.size
        var maps = [[Float]?](repeating: nil, count: job.ids.count)
        for (i, key) in job.keys.enumerated() {
            if let cached = context.cache?.files(for: key)?["heatmap.npy"], let array = try? NPYCodec.decode(cached), array.shape == [side * side] {
                maps[i] = array.floats
            }
        }
        try computeMaps(maps.indices.filter { maps[$0] == nil }, of: job, context) { i, map in maps[i] = map }
        let storage = maps.flatMap { $0! }
        let heatmaps = ItemMatrix(
            ids: job.ids, matrix: Matrix(rows: job.ids.count, columns: side * side, storage: storage),
            columnNames: (0..<(side * side)).map { "p\($0)" })
        return Result(
            heatmaps: heatmaps, size: side, layer: job.layerName, target: targetDescription(context), precision: job.precision.rawValue,
            reading: job.network.reading, cluster: job.clusters)
    }

    // MARK: Shards: one item per image explained

    func workItems(_ context: RunContext) throws -> WorkItems {
        WorkItems(unit: shardUnit, entries: try Job(context, self).keys.map { [$0] })
    }

    func computeItems(_ indices: [Int], _ context: RunContext) throws {
        let job = try Job(context, self)
        try computeMaps(indices.filter { !(context.cache?.contains(job.keys[$0]) ?? false) }, of: job, context) { _, _ in }
    }

    /// What explaining the chosen images needs, and each map's cache key: the image's content, the
    /// network, the convolution, the target and the precision.
    private struct Job {
        let ids: [String], clusters: [String]?, paths: [String], keys: [String]
        let network: FeatureNetwork, layerName: String, layer: Int, target: GradCAM.Target, precision: Precision

        init(_ context: RunContext, _ directive: GradCAMDirective) throws {
            let o = context.options
            let limit = o[GradCAMDirective.maxImages]
            let chosen: (ids: [String], clusters: [String]?)
            switch (context.value(ifGiven: GradCAMDirective.input), o[GradCAMDirective.ids]) {
            case (let input?, nil): chosen = try directive.chosenImages(input, limit: limit)
            case (nil, let ids?): chosen = (Array(ids.prefix(limit)), nil)
            case (_?, _?): throw DirectiveError("give either `input` or `ids`, not both", option: GradCAMDirective.ids.name)
            case (nil, nil):
                throw DirectiveError(
                    "say which images to explain: `input: <representatives id>` or `ids: [...]`", option: GradCAMDirective.input.name)
            }
            guard !chosen.ids.isEmpty else { throw DirectiveError("there are no images to explain", option: GradCAMDirective.input.name) }
            let fileOf = try directive.files(context.value(GradCAMDirective.images))
            network = try FeatureNetwork(
                context.value(GradCAMDirective.features), option: GradCAMDirective.features.name, expected: "a `features` result")
            guard network.layer == FeaturesDirective.Block.block5.rawValue else {
                throw DirectiveError(
                    "Grad-CAM explains the block-5 feature vector, but `\(o.written(GradCAMDirective.features) ?? "features")` uses \(network.layer); use a features step with `layer: block5`",
                    option: GradCAMDirective.features.name)
            }
            layerName = o[GradCAMDirective.layer]
            guard let layer = GradCAM.convolutionNames.firstIndex(of: layerName) else {
                throw DirectiveError("`layer` = `\(layerName)` is not a convolution of VGG19", option: GradCAMDirective.layer.name)
            }
            self.layer = layer
            target = try directive.target(context)
            precision = o[GradCAMDirective.precision]
            do { try precision.checkSupported() } catch { throw DirectiveError("\(error)", option: GradCAMDirective.precision.name) }
            (ids, clusters) = chosen
            paths = try chosen.ids.map { id -> String in
                guard let path = fileOf[id] else {
                    throw DirectiveError("`\(id)` is not in `images`; give the dataset the images came from", option: GradCAMDirective.images.name)
                }
                return path
            }
            // An item is an image through the features step's network: that step's key also changes when
            // its dataset gains an image, so the network enters each item's key by what it is instead.
            let networkText =
                try "network " + network.source.key(option: GradCAMDirective.features.name, hashing: context.fileHashes)
                + " size \(network.size) \(network.preprocess.rawValue) \(network.reading.key)"
            keys = try paths.map { path in
                let imageHash = try ImageFiles.contentHash(path, context: context, option: GradCAMDirective.images.name)
                return context.itemKey("image \(imageHash)\n\(networkText)")
            }
        }
    }

    /// Explains the images at `indices`, all in one batch (one per core), caching each map.
    private func computeMaps(_ indices: [Int], of job: Job, _ context: RunContext, found: (Int, [Float]) -> Void) throws {
        guard !indices.isEmpty else { return }
        let (side, preprocessing) = (job.network.size, job.network.preprocess)
        let inputs = try ImageFiles.decodeAll(indices.map { job.paths[$0] }, reading: job.network.reading, option: Self.images.name) { image in
            Tensor(channels: 3, height: side, width: side, values: preprocessing.input(image, side: side))
        }
        do {
            let cam = try job.network.source.compiledGradCAM(
                size: side, layer: job.layer, precision: job.precision, option: Self.features.name, context: context)
            for (index, map) in zip(indices, try cam.maps(ofBatch: inputs, target: job.target)) {
                context.cache?.store(
                    ["heatmap.npy": NPYCodec.encode(NPYArray(shape: [side * side], elements: .float32(map.heatmap)))], for: job.keys[index])
                found(index, map.heatmap)
            }
        } catch let error as GradCAMError {
            throw DirectiveError("\(error)", option: Self.target.name)
        }
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        let o = context.options
        let fileOf = try files(context.value(Self.images))
        let captions =
            try context.value(ifGiven: Self.composition).map {
                try CompositionDirective.Result($0, option: Self.composition.name, expected: "a `composition` result").captions
            } ?? [:]
        let (maps, reading, clusters, side) = (r.heatmaps, r.reading, r.cluster, r.size)
        let (cell, dpi) = (o[Self.cellSize], Double(o[FigureOptions.dpi]))
        let panelSide = min(Int((cell * dpi / 72).rounded()), side)
        let colormap = o[Self.colormap]
        let columns = o[Self.columns] + o[Self.columns] % 2  // an image and its heat map stay on one row
        let (imageWeight, title) = (o[Self.imageWeight], o[Self.title])
        for id in maps.ids where fileOf[id] == nil { throw DirectiveError("`\(id)` is not in `images`", option: Self.images.name) }
        return .grid(dpi: dpi) {
            let images = try ImageFiles.decodeAll(maps.ids.map { fileOf[$0]! }, reading: reading, option: Self.images.name) { image in
                Resampler().resize(image.grey(), width: panelSide, height: panelSide).pixels
            }
            var panels = [ImageGrid.Panel]()
            for (row, id) in maps.ids.enumerated() {
                let heat = GradCAM.resize(Array(maps.matrix.row(row)), width: side, height: side, toWidth: panelSide, toHeight: panelSide)
                let cluster = clusters?[row]
                panels.append(
                    ImageGrid.Panel(width: panelSide, height: panelSide, pixels: images[row], caption: cluster.map { "cluster \($0)" } ?? id))
                panels.append(
                    ImageGrid.Panel(
                        width: panelSide, height: panelSide, pixels: images[row], heatmap: heat.map { min(max($0, 0), 1) },
                        caption: cluster.flatMap { captions[$0] } ?? "Grad-CAM"))
            }
            return ImageGrid(panels: panels, columns: columns, cellSize: cell, colormap: colormap, imageWeight: imageWeight, dpi: dpi, title: title)
        }
    }

    // MARK: Inputs

    fileprivate func chosenImages(_ value: Value, limit: Int) throws -> (ids: [String], clusters: [String]?) {
        guard case .table(let table) = value.resolvingPrimary, case .strings(let ids)? = table["id"] else {
            throw DirectiveError("`input` needs an `id` column (a `representatives` result has one)", option: Self.input.name)
        }
        let count = min(ids.count, limit)
        let clusters = table["cluster"].map { column in (0..<count).map { column.text(at: $0) } }
        return (Array(ids.prefix(count)), clusters)
    }

    fileprivate func files(_ value: Value) throws -> [String: String] {
        guard case .table(let catalog) = value.resolvingPrimary, case .strings(let ids)? = catalog["id"],
            case .strings(let files)? = catalog["file"]
        else {
            throw DirectiveError("`images` must be a `dataset` or `combine` result", option: Self.images.name)
        }
        return Dictionary(zip(ids, files), uniquingKeysWith: { a, _ in a })
    }

    fileprivate func target(_ context: RunContext) throws -> GradCAM.Target {
        if let vector = context.inputs[Self.target.name] {
            let values: [Double]
            switch vector.resolvingPrimary {
            case .matrix(let m) where m.matrix.rows == 1: values = Array(m.matrix.row(0)).map(Double.init)
            case let other:
                guard let numbers = other.numbers else {
                    throw DirectiveError("`target` must be a list of 512 numbers, e.g. `pca.components[0]`", option: Self.target.name)
                }
                values = numbers
            }
            guard values.count == 512 else {
                throw DirectiveError(
                    "`target` has \(values.count) numbers; it needs 512, one per feature (e.g. `pca.components[0]` of a PCA of the features)",
                    option: Self.target.name)
            }
            return .projection(values.map(Float.init))
        }
        if let k = featureNumber(context) { return .feature(k) }
        return .sum
    }

    /// `target: 17`: a feature number (otherwise `sum`, or a reference).
    private func featureNumber(_ context: RunContext) -> Int? { context.options[Self.target.name].flatMap(Int.init(option:)) }

    private func targetDescription(_ context: RunContext) -> String {
        if context.inputs[Self.target.name] != nil { return "projection on \(context.options[Self.target])" }
        if let k = featureNumber(context) { return "feature \(k)" }
        return "sum of the features"
    }
}
