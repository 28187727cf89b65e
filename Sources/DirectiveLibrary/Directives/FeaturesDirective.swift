import Foundation
import Imaging
import LinearAlgebra
import NeuralNet
import ReportEngine

/// `features`: 512-d VGG19 features (last block, globally average-pooled) of every image of a dataset,
/// cached per image: adding images computes only the new ones, an interrupted run resumes.
struct FeaturesDirective: TypedDirective, ShardedDirective {
    let name = "features"
    let summary = "VGG19 features (512-d, last block average-pooled) per image, seeded or .safetensors weights, cached per image."
    /// 2: VGG19 on oneDNN (Winograd F(4,3) where the CPU has it) instead of Winograd F(2,3) on OpenBLAS.
    /// 3: `torchvision` resizes as Pillow does (8-bit fixed point); `keras`; DICOM `window` and `frame`.
    let version = 3
    let output = OutputKind.text
    let shardUnit = "images"
    var itemSelectingOptions: [any OptionKey] { [Self.input] }

    enum Model: String, OptionChoice { case vgg19 }
    enum Block: String, OptionChoice, CaseIterable {
        case block1, block2, block3, block4, block5
        var number: Int { Block.allCases.firstIndex(of: self)! + 1 }
    }

    static let input = InputOption.reference("input", accepts: [.record, .table], required: true, doc: "a `dataset` or `combine` result")
    static let model = Option<Model>("model", default: .vgg19, doc: "the network")
    static let weights = Option<String>(
        "weights", .oneOf([.choice(["seeded"]), .inputFile(extensions: ["safetensors"])]), default: "seeded",
        doc: "`seeded` (deterministic random weights — not ImageNet) or a .safetensors file with torchvision/timm names")
    static let weightsSeed = Option<Int>("weights_seed", .int(0...Int.max), default: 0, doc: "seed of the `seeded` weights")
    static let size = Option<Int>("size", .int(32...1024), default: 224, doc: "images are resized to size × size")
    static let preprocess = Option<Preprocessing>("preprocess", default: .torchvision, doc: Preprocessing.documentation)
    static let layer = Option<Block>(
        "layer", default: .block5,
        doc: "the block whose max-pooled map is averaged: block5 (512-d, Keras `pooling='avg'`) or an earlier one (64, 128, 256, 512 channels)")
    static let precision = Option<Precision>(
        "precision", default: .f32,
        doc:
            "`f32`, or `bf16` (bfloat16 on AVX-512 BF16 or AMX: faster where the CPU has AMX, features within about 1e-2 of f32; an error on other CPUs)"
    )
    static let batchSize = Option<Int>(
        "batch_size", .int(1...256), default: 8, role: .execution,
        doc: "images decoded and run together, one per core; memory grows with the core count, not the batch")

    var options: [OptionSpec] {
        OptionSpec.of(
            [Self.input, Self.model, Self.weights, Self.weightsSeed, Self.size, Self.preprocess, Self.layer, Self.precision, Self.batchSize]
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
        let job = try Job(context)
        var storage = [Float](repeating: 0, count: job.ids.count * job.width)
        let missing = job.keys.indices.filter { i in
            guard let cached = context.cache?.files(for: job.keys[i])?["features.npy"], let array = try? NPYCodec.decode(cached),
                array.shape == [job.width]
            else { return true }
            storage.replaceSubrange((i * job.width)..<((i + 1) * job.width), with: array.floats)
            return false
        }
        try computeImages(missing, of: job, context) { i, vector in
            storage.replaceSubrange((i * job.width)..<((i + 1) * job.width), with: vector)
        }
        let weights = try job.source.description(hashing: context.fileHashes)
        let description = FeatureNetwork(
            weights: weights, imagenet: job.source.file != nil, size: job.size,
            layer: "block\(job.block)", preprocess: job.preprocessing, precision: job.precision.rawValue,
            reading: job.reading, source: job.source)
        let matrix = Matrix(rows: job.ids.count, columns: job.width, storage: storage)
        return Result(
            features: ItemMatrix(ids: job.ids, matrix: matrix, columnNames: (1...job.width).map { "f\($0)" }),
            computed: missing.count, reused: job.ids.count - missing.count, network: description)
    }

    // MARK: Shards: one item per image

    func workItems(_ context: RunContext) throws -> WorkItems {
        WorkItems(unit: shardUnit, entries: try Job(context).keys.map { [$0] })
    }

    func computeItems(_ indices: [Int], _ context: RunContext) throws {
        // The network is loaded (seeded weights made, a file read) only when an image needs it.
        let job = try Job(context)
        let missing = indices.filter { !(context.cache?.contains(job.keys[$0]) ?? false) }
        guard !missing.isEmpty else { return }
        try computeImages(missing, of: job, context) { _, _ in }
    }

    /// What computing a features step needs: its images, their cache keys and where the network comes
    /// from (it is loaded and compiled only when an image needs it).
    private struct Job {
        let ids: [String], files: [String], keys: [String]
        let size: Int, preprocessing: Preprocessing, precision: Precision, batchSize: Int, reading: ImageReading
        let source: NetworkSource, block: Int, width: Int

        init(_ context: RunContext) throws {
            let table: Table
            switch try context.value(FeaturesDirective.input).resolvingPrimary {
            case .table(let t): table = t
            default: throw DirectiveError("`input` must be a `dataset` or `combine` result", option: FeaturesDirective.input.name)
            }
            guard case .strings(let ids)? = table["id"], case .strings(let files)? = table["file"] else {
                throw DirectiveError("`input` has no `id` and `file` columns; use a `dataset` result", option: FeaturesDirective.input.name)
            }
            let o = context.options
            (self.ids, self.files) = (ids, files)
            (size, preprocessing, precision, batchSize) = (
                o[FeaturesDirective.size], o[FeaturesDirective.preprocess], o[FeaturesDirective.precision],
                o[FeaturesDirective.batchSize]
            )
            reading = ImageReadingOptions.reading(o)
            source = NetworkSource(file: context.file(FeaturesDirective.weights), seed: UInt64(o[FeaturesDirective.weightsSeed]))
            block = o[FeaturesDirective.layer].number
            width = VGG19.blockChannels[block - 1]
            do { try precision.checkSupported() } catch { throw DirectiveError("\(error)", option: FeaturesDirective.precision.name) }
            keys = try files.map { path in
                try context.itemKey("image " + ImageFiles.contentHash(path, context: context, option: FeaturesDirective.input.name))
            }
        }
    }

    /// Runs the images at `indices` through the network a batch at a time; each result is cached as soon
    /// as it exists (an interrupted run resumes after the last finished batch) and handed to `found`.
    private func computeImages(_ indices: [Int], of job: Job, _ context: RunContext, found: (Int, [Float]) -> Void) throws {
        let started = Date()
        // Compiled only when an image needs it (reordering the weights costs a fraction of a second), and
        // once for the steps that run this network at the same time.
        lazy var compiled = Swift.Result {
            try job.source.compiledFeatures(size: job.size, block: job.block, precision: job.precision, context: context)
        }
        var computed = 0
        for batchStart in stride(from: 0, to: indices.count, by: job.batchSize) {
            let batch = indices[batchStart..<min(batchStart + job.batchSize, indices.count)]
            let inputs = try ImageFiles.decodeAll(
                batch.map { job.files[$0] }, reading: job.reading, option: Self.input.name,
                advice: "replace the file or remove it (and its labels.csv row)"
            ) { image in
                Tensor(channels: 3, height: job.size, width: job.size, values: job.preprocessing.input(image, side: job.size))
            }
            for (index, vector) in zip(batch, try compiled.get().features(ofBatch: inputs)) {
                context.cache?.store(
                    ["features.npy": NPYCodec.encode(NPYArray(shape: [job.width], elements: .float32(vector)))], for: job.keys[index])
                found(index, vector)
            }
            computed += batch.count
            context.progress(
                StepProgress(
                    stepID: context.stepID, directive: name, unit: shardUnit, done: computed,
                    total: indices.count, seconds: Date().timeIntervalSince(started)))
        }
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        let n = r.network
        let warning =
            n.imagenet
            ? "" : " **These are seeded random weights, not ImageNet weights**: the features show the method, not what a trained network sees."
        let layer = n.layer == Block.block5.rawValue ? "" : ", \(n.layer)"
        return Presentation(
            .markdown(
                "VGG19 features (\(r.features.matrix.columns)-d\(layer)) of \(r.count) images at \(n.size) × \(n.size) px, computed in \(n.precision), weights: \(MarkdownText.escape(n.weights)).\(warning)"
            ))
    }
}

extension Precision: OptionDecodable, OptionChoice {}
