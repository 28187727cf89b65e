import Foundation
import Imaging
import LinearAlgebra
import NeuralNet

/// `features`: 512-d VGG19 features (last block, globally average-pooled) of every image of a dataset,
/// cached per image: adding images computes only the new ones, an interrupted run resumes.
struct FeaturesDirective: Directive {
    let name = "features"
    let summary = "VGG19 features (512-d, last block average-pooled) per image, seeded or .safetensors weights, cached per image."
    /// 2: VGG19 on oneDNN (Winograd F(4,3) where the CPU has it) instead of Winograd F(2,3) on OpenBLAS.
    /// 3: `torchvision` resizes as Pillow does (8-bit fixed point); `keras`; DICOM `window` and `frame`.
    let version = 3
    let output = OutputKind.text

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.record, .table]), required: true, doc: "a `dataset` or `combine` result"),
            OptionSpec("model", .choice(["vgg19"]), default: .string("vgg19"), doc: "the network"),
            OptionSpec("weights", .oneOf([.choice(["seeded"]), .inputFile(extensions: ["safetensors"])]), default: .string("seeded"),
                       doc: "`seeded` (deterministic random weights — not ImageNet) or a .safetensors file with torchvision/timm names"),
            OptionSpec("weights_seed", .int(0...Int.max), default: .int(0), doc: "seed of the `seeded` weights"),
            OptionSpec("size", .int(32...1024), default: .int(224), doc: "images are resized to size × size"),
            OptionSpec("preprocess", .choice(Preprocessing.allCases.map(\.rawValue)), default: .string("torchvision"),
                       doc: Preprocessing.documentation),
            OptionSpec("layer", .choice(["block1", "block2", "block3", "block4", "block5"]), default: .string("block5"),
                       doc: "the block whose max-pooled map is averaged: block5 (512-d, Keras `pooling='avg'`) or an earlier one (64, 128, 256, 512 channels)"),
            OptionSpec("precision", .choice(Precision.allCases.map(\.rawValue)), default: .string("f32"),
                       doc: "`f32`, or `bf16` (bfloat16 on AVX-512 BF16 or AMX: faster where the CPU has AMX, features within about 1e-2 of f32; an error on other CPUs)"),
            OptionSpec("batch_size", .int(1...256), default: .int(8), role: .execution,
                       doc: "images decoded and run together, one per core; memory grows with the core count, not the batch"),
        ] + ImageReadingOptions.specs()
    }

    func run(_ context: RunContext) throws -> Value {
        let table: Table
        switch try context.input("input").resolvingPrimary {
        case .table(let t): table = t
        default: throw DirectiveError("`input` must be a `dataset` or `combine` result", option: "input")
        }
        guard case .strings(let ids)? = table["id"], case .strings(let files)? = table["file"] else {
            throw DirectiveError("`input` has no `id` and `file` columns; use a `dataset` result", option: "input")
        }
        let size = context.options.int("size") ?? 224
        let preprocessing = Preprocessing(rawValue: context.options.string("preprocess") ?? "torchvision") ?? .torchvision
        let reading = ImageReadingOptions.reading(context.options)
        let source = NetworkSource(file: context.files["weights"], seed: UInt64(context.options.int("weights_seed") ?? 0))
        let (network, modelKey) = try source.load(hashing: context.fileHashes)
        let batchSize = context.options.int("batch_size") ?? 8
        let block = Int((context.options.string("layer") ?? "block5").dropFirst("block".count)) ?? 5
        let width = VGG19.blockChannels[block - 1]
        let precision = Precision(rawValue: context.options.string("precision") ?? "f32") ?? .f32
        do { try precision.checkSupported() } catch { throw DirectiveError("\(error)", option: "precision") }
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
        lazy var compiled = Result { try network.compiled(height: size, width: size, block: block, precision: precision) }
        for batchStart in stride(from: 0, to: missing.count, by: batchSize) {
            let batch = missing[batchStart..<min(batchStart + batchSize, missing.count)]
            let inputs = try ImageFiles.decodeAll(batch.map { files[$0.index] }, reading: reading, option: "input",
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
        return .record(Record([
            .init("features", .matrix(ItemMatrix(ids: ids, matrix: matrix, columnNames: (1...width).map { "f\($0)" }))),
            .init("count", .int(ids.count)),
            .init("computed", .int(computed)),
            .init("reused", .int(reused)),
            .init("weights", .string(network.weightsDescription)),
            .init("imagenet", .bool(!network.weightsDescription.hasPrefix("seeded"))),
            .init("size", .int(size)),
            .init("layer", .string("block\(block)")),
            .init("preprocess", .string(preprocessing.rawValue)),
            .init("precision", .string(precision.rawValue)),
        ] + ImageReadingOptions.fields(reading) + source.fields, primary: "features"))
    }

    /// The per-image cache key: the image's content, the network and weights, the preprocessing.
    private func imageKey(_ path: String, context: RunContext, modelKey: String, size: Int, preprocessing: Preprocessing,
                          block: Int, precision: Precision, reading: ImageReading) throws -> String {
        let imageHash: String
        do { imageHash = try context.hash(of: URL(fileURLWithPath: path)) } catch {
            throw DirectiveError("cannot read image `\(path)`: \(error.localizedDescription)", option: "input")
        }
        return ContentHash.of("litmus-features \(version)\n\(imageHash)\n\(modelKey)\n\(size)\n\(preprocessing.rawValue)\nblock\(block)\n\(precision.rawValue)\n\(reading.key)")
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, let n = r["count"]?.number, case .string(let weights)? = r["weights"],
              let size = r["size"]?.number else { return Presentation() }
        let warning = r["imagenet"] == .bool(false) ? " **These are seeded random weights, not ImageNet weights**: the features show the method, not what a trained network sees." : ""
        let layer: String
        if case .string(let block)? = r["layer"], block != "block5" { layer = ", \(block)" } else { layer = "" }
        let width = r["features"].flatMap { value -> Int? in if case .matrix(let m) = value { m.matrix.columns } else { nil } } ?? 512
        let precision = if case .string(let p)? = r["precision"] { p } else { "f32" }
        return Presentation(.markdown("VGG19 features (\(width)-d\(layer)) of \(Int(n)) images at \(Int(size)) × \(Int(size)) px, computed in \(precision), weights: \(MarkdownText.escape(weights)).\(warning)"))
    }
}
