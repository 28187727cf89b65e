import Foundation
import Imaging
import LinearAlgebra
import NeuralNet
import Plotting

/// `gradcam`: what VGG19 looked at in chosen images (cluster representatives), as Grad-CAM heat maps of
/// a function of the pooled feature vector, shown beside each image.
struct GradCAMDirective: Directive {
    let name = "gradcam"
    let summary = "Grad-CAM heat maps of chosen images (e.g. cluster representatives) for the sum, one feature or a projection of the VGG19 feature vector."
    /// 2: on oneDNN (backward-data convolutions, ReLU and max-pool backward).
    /// 3: the features step's preprocessing as its reference pipeline computes it; DICOM window and frame.
    let version = 3
    let output = OutputKind.figure

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.record, .table]),
                       doc: "the images to explain: a `representatives` result (its `cluster` column captions them) or a table with `id`"),
            OptionSpec("ids", .list(.string), doc: "or the images' ids in `images`, e.g. `[most/0001.png, synthetic/0042.png]`"),
            OptionSpec("images", .reference(accepts: [.record, .table]), required: true,
                       doc: "the `dataset`/`combine` result that holds the images' files"),
            OptionSpec("features", .reference(accepts: [.record]), required: true,
                       doc: "the `features` step whose network (weights, size, preprocessing) is explained"),
            OptionSpec("layer", .choice(GradCAM.convolutionNames), default: .string("conv5_4"),
                       doc: "the convolution whose activations (after its ReLU) are weighted: conv1_1 … conv5_4"),
            OptionSpec("target", .oneOf([.choice(["sum"]), .int(0...511), .reference(accepts: [.list, .matrix])]), default: .string("sum"),
                       doc: "`sum` of the feature vector, a feature number 0…511, or a 512-d vector to project on, e.g. `pca.components[0]`"),
            OptionSpec("precision", .choice(Precision.allCases.map(\.rawValue)), default: .string("f32"),
                       doc: "`f32`, or `bf16` (AVX-512 BF16 or AMX; an error on other CPUs)"),
            OptionSpec("max_images", .int(1...200), default: .int(24), doc: "images explained at most, in `input` order"),
            OptionSpec("colormap", .choice(["jet", "turbo", "inferno", "viridis"]), default: .string("jet"), role: .presentation,
                       doc: "heat-map colours (JET as in the Grad-CAM literature)"),
            OptionSpec("image_weight", .number(0...1), default: .double(0.5), role: .presentation,
                       doc: "weight of the image under the heat map (pytorch-grad-cam's `image_weight`)"),
            OptionSpec("composition", .reference(accepts: [.record, .table]),
                       doc: "a `composition` result: each cluster's size and majority in the captions"),
            OptionSpec("columns", .int(2...50), default: .int(6), role: .presentation, doc: "panels per row (image and heat map are two)"),
            OptionSpec("cell_size", .number(24...600), default: .double(96), role: .presentation, doc: "side of each panel in points"),
            OptionSpec("dpi", .int(30...600), default: .int(110), role: .presentation, doc: "PNG pixels per inch"),
            OptionSpec("title", .string, role: .presentation, doc: "title above the grid"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        let limit = context.options.int("max_images") ?? 24
        let chosen: (ids: [String], clusters: [String]?)
        switch (context.inputs["input"], context.options.strings("ids")) {
        case (let input?, nil): chosen = try chosenImages(input, limit: limit)
        case (nil, let ids?): chosen = (Array(ids.prefix(limit)), nil)
        case (_?, _?): throw DirectiveError("give either `input` or `ids`, not both", option: "ids")
        case (nil, nil): throw DirectiveError("say which images to explain: `input: <representatives id>` or `ids: [...]`", option: "input")
        }
        guard !chosen.ids.isEmpty else { throw DirectiveError("there are no images to explain", option: "input") }
        let fileOf = try files(context.input("images"))
        guard case .record(let features) = try context.input("features"), let source = NetworkSource(record: features),
              let size = features["size"]?.number, case .string(let preprocessName)? = features["preprocess"],
              let preprocessing = Preprocessing(rawValue: preprocessName) else {
            throw DirectiveError("`features` must be a `features` result", option: "features")
        }
        if case .string(let block)? = features["layer"], block != "block5" {
            throw DirectiveError("Grad-CAM explains the block-5 feature vector, but `\(context.options.string("features") ?? "features")` uses \(block); use a features step with `layer: block5`", option: "features")
        }
        let layerName = context.options.string("layer") ?? "conv5_4"
        let target = try self.target(context)
        let (network, _) = try source.load(option: "features", hashing: context.fileHashes)
        let precision = Precision(rawValue: context.options.string("precision") ?? "f32") ?? .f32
        do { try precision.checkSupported() } catch { throw DirectiveError("\(error)", option: "precision") }
        let side = Int(size)
        let reading = ImageReadingOptions.reading(features)
        let inputs = try chosen.ids.map { id -> Tensor in
            guard let path = fileOf[id] else {
                throw DirectiveError("`\(id)` is not in `images`; give the dataset the images came from", option: "images")
            }
            let image = try ImageFiles.decode(path, reading: reading, option: "images")
            return Tensor(channels: 3, height: side, width: side, values: preprocessing.input(image, side: side))
        }
        let storage: [Float]
        do {
            let cam = try GradCAM(network: network, layer: GradCAM.convolutionNames.firstIndex(of: layerName) ?? 15)
                .compiled(height: side, width: side, precision: precision)
            storage = try cam.maps(ofBatch: inputs, target: target).flatMap(\.heatmap)
        } catch let error as GradCAMError {
            throw DirectiveError("\(error)", option: "target")
        }
        var fields: [Record.Field] = [
            .init("heatmaps", .matrix(ItemMatrix(ids: chosen.ids, matrix: Matrix(rows: chosen.ids.count, columns: side * side, storage: storage),
                                                 columnNames: (0..<(side * side)).map { "p\($0)" }))),
            .init("ids", .list(chosen.ids.map(Value.string))),
            .init("size", .int(side)),
            .init("layer", .string(layerName)),
            .init("target", .string(targetDescription(context))),
            .init("count", .int(chosen.ids.count)),
            .init("precision", .string(precision.rawValue)),
        ] + ImageReadingOptions.fields(reading)
        if let clusters = chosen.clusters { fields.append(.init("cluster", .list(clusters.map(Value.string)))) }
        return .record(Record(fields, primary: "heatmaps"))
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, case .matrix(let maps)? = r["heatmaps"], let size = r["size"]?.number else {
            return Presentation()
        }
        let fileOf = try files(context.input("images"))
        let reading = ImageReadingOptions.reading(r)
        let clusters: [String]? = if case .list(let values)? = r["cluster"] { values.map { ValueFormatter.text($0) } } else { nil }
        let captions = try compositionCaptions(context.inputs["composition"])
        let cell = context.options.double("cell_size") ?? 96
        let pixels = Int((cell * (context.options.double("dpi") ?? 110) / 72).rounded())
        let side = Int(size), panelSide = min(pixels, Int(size))
        let colormap = Colormap(rawValue: context.options.string("colormap") ?? "jet") ?? .jet
        var columns = context.options.int("columns") ?? 6
        columns += columns % 2  // an image and its heat map stay on one row
        let (imageWeight, dpi, title) = (context.options.double("image_weight") ?? 0.5, context.options.double("dpi") ?? 110,
                                         context.options.string("title"))
        for id in maps.ids where fileOf[id] == nil { throw DirectiveError("`\(id)` is not in `images`", option: "images") }
        return Presentation(.grid { [columns] in
            var panels = [ImageGrid.Panel]()
            for (row, id) in maps.ids.enumerated() {
                let path = fileOf[id]!
                let image = try ImageFiles.decode(path, reading: reading, option: "images").grey()
                let grey = Resampler().resize(image, width: panelSide, height: panelSide).pixels
                let heat = GradCAM.resize(Array(maps.matrix.row(row)), width: side, height: side, toWidth: panelSide, toHeight: panelSide)
                let cluster = clusters?[row]
                panels.append(ImageGrid.Panel(width: panelSide, height: panelSide, pixels: grey, caption: cluster.map { "cluster \($0)" } ?? id))
                panels.append(ImageGrid.Panel(width: panelSide, height: panelSide, pixels: grey, heatmap: heat.map { min(max($0, 0), 1) },
                                              caption: cluster.flatMap { captions[$0] } ?? "Grad-CAM"))
            }
            return ImageGrid(panels: panels, columns: columns, cellSize: cell, colormap: colormap, imageWeight: imageWeight, dpi: dpi, title: title)
        })
    }

    // MARK: Inputs

    private func chosenImages(_ value: Value, limit: Int) throws -> (ids: [String], clusters: [String]?) {
        guard case .table(let table) = value.resolvingPrimary, case .strings(let ids)? = table["id"] else {
            throw DirectiveError("`input` needs an `id` column (a `representatives` result has one)", option: "input")
        }
        let count = min(ids.count, limit)
        let clusters = table["cluster"].map { column in (0..<count).map { column.text(at: $0) } }
        return (Array(ids.prefix(count)), clusters)
    }

    private func files(_ value: Value) throws -> [String: String] {
        guard case .table(let catalog) = value.resolvingPrimary, case .strings(let ids)? = catalog["id"],
              case .strings(let files)? = catalog["file"] else {
            throw DirectiveError("`images` must be a `dataset` or `combine` result", option: "images")
        }
        return Dictionary(zip(ids, files), uniquingKeysWith: { a, _ in a })
    }

    private func target(_ context: RunContext) throws -> GradCAM.Target {
        if let vector = context.inputs["target"] {
            let values: [Double]
            switch vector.resolvingPrimary {
            case .matrix(let m) where m.matrix.rows == 1: values = Array(m.matrix.row(0)).map(Double.init)
            case let other:
                guard let numbers = other.numbers else {
                    throw DirectiveError("`target` must be a list of 512 numbers, e.g. `pca.components[0]`", option: "target")
                }
                values = numbers
            }
            guard values.count == 512 else {
                throw DirectiveError("`target` has \(values.count) numbers; it needs 512, one per feature (e.g. `pca.components[0]` of a PCA of the features)", option: "target")
            }
            return .projection(values.map(Float.init))
        }
        if let k = context.options.int("target") { return .feature(k) }
        return .sum
    }

    private func targetDescription(_ context: RunContext) -> String {
        if context.inputs["target"] != nil { return "projection on \(context.options.string("target") ?? "a vector")" }
        if let k = context.options.int("target") { return "feature \(k)" }
        return "sum of the features"
    }

    /// "n 120 · 62 % most" per cluster, from a `composition` result.
    private func compositionCaptions(_ value: Value?) throws -> [String: String] {
        guard let value else { return [:] }
        let label: String? = if case .record(let r) = value, case .string(let name)? = r["label"] { name } else { nil }
        guard case .table(let table) = value.resolvingPrimary, case .strings(let clusters)? = table["cluster"],
              let sizes = table["size"], case .strings(let majority)? = table["majority"] else {
            throw DirectiveError("`composition` must be a `composition` result", option: "composition")
        }
        var captions = [String: String]()
        for (row, cluster) in clusters.enumerated() {
            let share = table["% \(majority[row])"].flatMap { column -> String? in
                guard case .doubles(let values) = column else { return nil }
                return String(format: "%.0f %% ", values[row])
            } ?? ""
            // A bare number as the majority (a KL grade) reads better with its label: "62 % kl 2".
            let majorityText = Double(majority[row]) != nil ? "\(label.map { $0 + " " } ?? "")\(majority[row])" : majority[row]
            captions[cluster] = "n \(sizes.text(at: row)) · \(share)\(majorityText)"
        }
        return captions
    }
}
