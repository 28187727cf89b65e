import Foundation
import Imaging
import LinearAlgebra
import NeuralNet
import ReportEngine

/// `features`: 512-d VGG19 features (last block, globally average-pooled) of every image of a dataset,
/// cached per image: adding images computes only the new ones, an interrupted run resumes.
struct FeaturesDirective: TypedDirective {
    let name = "features"
    let summary = "VGG19 features (512-d, last block average-pooled) per image, seeded or .safetensors weights, cached per image."
    /// 2: VGG19 on oneDNN (Winograd F(4,3) where the CPU has it) instead of Winograd F(2,3) on OpenBLAS.
    /// 3: `torchvision` resizes as Pillow does (8-bit fixed point); `keras`; DICOM `window` and `frame`.
    let version = 3
    let output = OutputKind.text

    enum Model: String, OptionChoice { case vgg19 }
    enum Block: String, OptionChoice, CaseIterable {
        case block1, block2, block3, block4, block5
        var number: Int { Block.allCases.firstIndex(of: self)! + 1 }
    }

    static let input = InputOption.reference("input", accepts: [.record, .table], required: true, doc: "a `dataset` or `combine` result")
    static let model = Option<Model>("model", default: .vgg19, doc: "the network")
    static let weights = Option<String>("weights", .oneOf([.choice(["seeded"]), .inputFile(extensions: ["safetensors"])]), default: "seeded",
                                        doc: "`seeded` (deterministic random weights — not ImageNet) or a .safetensors file with torchvision/timm names")
    static let weightsSeed = Option<Int>("weights_seed", .int(0...Int.max), default: 0, doc: "seed of the `seeded` weights")
    static let size = Option<Int>("size", .int(32...1024), default: 224, doc: "images are resized to size × size")
    static let preprocess = Option<Preprocessing>("preprocess", default: .torchvision, doc: Preprocessing.documentation)
    static let layer = Option<Block>("layer", default: .block5,
                                     doc: "the block whose max-pooled map is averaged: block5 (512-d, Keras `pooling='avg'`) or an earlier one (64, 128, 256, 512 channels)")
    static let precision = Option<Precision>("precision", default: .f32,
                                             doc: "`f32`, or `bf16` (bfloat16 on AVX-512 BF16 or AMX: faster where the CPU has AMX, features within about 1e-2 of f32; an error on other CPUs)")
    static let batchSize = Option<Int>("batch_size", .int(1...256), default: 8, role: .execution,
                                       doc: "images decoded and run together, one per core; memory grows with the core count, not the batch")

    var options: [OptionSpec] { OptionSpec.of([Self.input, Self.model, Self.weights, Self.weightsSeed, Self.size, Self.preprocess, Self.layer, Self.precision, Self.batchSize]
            + ImageReadingOptions.keys())
    }

    struct Result: DirectiveResult {
        var features: ItemMatrix
        var count: Int
        var computed: Int
        var reused: Int
        var network: FeatureNetwork

        static let primary: String? = "features"
        static var fields: [ResultField<Result>] {
            [
                .init("features", \.features, doc: "one row per image, columns f1 … f512 (fewer for an earlier block)"),
                .init("count", \.count, doc: "images"),
                .init("computed", \.computed, doc: "images run through the network in this render"),
                .init("reused", \.reused, doc: "images whose features came from the cache"),
            ] + FeatureNetwork.fields(at: \.network)
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (features, count, computed, reused) = (try r(\.features), try r(\.count), try r(\.computed), try r(\.reused))
            network = try FeatureNetwork(reading: ResultReader(r.record))
        }

        init(features: ItemMatrix, computed: Int, reused: Int, network: FeatureNetwork) {
            (self.features, count, self.computed, self.reused, self.network) = (features, features.ids.count, computed, reused, network)
        }
    }

    func compute(_ context: RunContext) throws -> Result {
        let table: Table
        switch try context.value(Self.input).resolvingPrimary {
        case .table(let t): table = t
        default: throw DirectiveError("`input` must be a `dataset` or `combine` result", option: Self.input.name)
        }
        guard case .strings(let ids)? = table["id"], case .strings(let files)? = table["file"] else {
            throw DirectiveError("`input` has no `id` and `file` columns; use a `dataset` result", option: Self.input.name)
        }
        let o = context.options
        let (size, preprocessing, precision, batchSize) = (o[Self.size], o[Self.preprocess], o[Self.precision], o[Self.batchSize])
        let reading = ImageReadingOptions.reading(o)
        let source = NetworkSource(file: context.file(Self.weights), seed: UInt64(o[Self.weightsSeed]))
        let (network, modelKey) = try source.load(hashing: context.fileHashes)
        let block = o[Self.layer].number
        let width = VGG19.blockChannels[block - 1]
        do { try precision.checkSupported() } catch { throw DirectiveError("\(error)", option: Self.precision.name) }
        var storage = [Float](repeating: 0, count: ids.count * width)
        var (computed, reused) = (0, 0)
        let missing = try files.indices.compactMap { i -> (index: Int, key: String)? in
            let key = try imageKey(files[i], context: context, modelKey: modelKey, size: size, preprocessing: preprocessing, block: block,
                                   precision: precision, reading: reading)
            if let cached = context.cache?.files(for: key)?["features.npy"], let array = try? NPYCodec.decode(cached),
               array.shape == [width] {
                storage.replaceSubrange((i * width)..<((i + 1) * width), with: array.floats)
                reused += 1
                return nil
            }
            return (i, key)
        }
        // The images not in the cache, a batch at a time; each result is cached as soon as it exists, so
        // an interrupted run resumes after the last finished batch.
        let started = Date()
        // Compiled only when an image needs it: reordering the weights costs a fraction of a second.
        lazy var compiled = Swift.Result { try network.compiled(height: size, width: size, block: block, precision: precision) }
        for batchStart in stride(from: 0, to: missing.count, by: batchSize) {
            let batch = missing[batchStart..<min(batchStart + batchSize, missing.count)]
            let inputs = try ImageFiles.decodeAll(batch.map { files[$0.index] }, reading: reading, option: Self.input.name,
                                                  advice: "replace the file or remove it (and its labels.csv row)") { image in
                Tensor(channels: 3, height: size, width: size, values: preprocessing.input(image, side: size))
            }
            for (item, vector) in zip(batch, try compiled.get().features(ofBatch: inputs)) {
                context.cache?.store(["features.npy": NPYCodec.encode(NPYArray(shape: [width], elements: .float32(vector)))], for: item.key)
                storage.replaceSubrange((item.index * width)..<((item.index + 1) * width), with: vector)
            }
            computed += batch.count
            context.progress(StepProgress(stepID: context.stepID, directive: name, unit: "images", done: computed,
                                          total: missing.count, seconds: Date().timeIntervalSince(started)))
        }
        let matrix = Matrix(rows: ids.count, columns: width, storage: storage)
        let description = FeatureNetwork(weights: network.weightsDescription, imagenet: !network.weightsDescription.hasPrefix("seeded"), size: size,
                                         layer: "block\(block)", preprocess: preprocessing, precision: precision.rawValue, reading: reading, source: source)
        return Result(features: ItemMatrix(ids: ids, matrix: matrix, columnNames: (1...width).map { "f\($0)" }), computed: computed, reused: reused,
                      network: description)
    }

    /// The per-image cache key: the image's content, the network and weights, the preprocessing.
    private func imageKey(_ path: String, context: RunContext, modelKey: String, size: Int, preprocessing: Preprocessing,
                          block: Int, precision: Precision, reading: ImageReading) throws -> String {
        let imageHash: String
        do { imageHash = try context.hash(of: URL(fileURLWithPath: path)) } catch {
            throw DirectiveError("cannot read image `\(path)`: \(error.localizedDescription)", option: Self.input.name)
        }
        return ContentHash.of("litmus-features \(version)\n\(imageHash)\n\(modelKey)\n\(size)\n\(preprocessing.rawValue)\nblock\(block)\n\(precision.rawValue)\n\(reading.key)")
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        let n = r.network
        let warning = n.imagenet ? "" : " **These are seeded random weights, not ImageNet weights**: the features show the method, not what a trained network sees."
        let layer = n.layer == Block.block5.rawValue ? "" : ", \(n.layer)"
        return Presentation(.markdown("VGG19 features (\(r.features.matrix.columns)-d\(layer)) of \(r.count) images at \(n.size) × \(n.size) px, computed in \(n.precision), weights: \(MarkdownText.escape(n.weights)).\(warning)"))
    }
}

extension Precision: OptionDecodable, OptionChoice {}
