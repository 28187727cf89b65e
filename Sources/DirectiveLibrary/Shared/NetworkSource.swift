import Foundation
import Imaging
import LinearAlgebra
import NeuralNet
import ReportEngine

/// Where a step's VGG19 weights come from — a `.safetensors` file or a seed — and how they are loaded.
/// `features` records it in its result so `gradcam` runs the very same network.
struct NetworkSource {
    /// nil: seeded weights.
    let file: URL?
    let seed: UInt64

    /// The key of the weights (the file's content hash, or the seed), without loading them.
    func key(option: String = "weights", hashing index: FileHashIndex) throws -> String {
        guard let file else { return "vgg19 seeded \(seed)" }
        return "vgg19 file \(try hash(of: file, option: option, index: index))"
    }

    private func hash(of file: URL, option: String, index: FileHashIndex) throws -> String {
        do { return try index.hash(of: file) } catch {
            throw DirectiveError("cannot read the weights `\(file.path)`: \(error.localizedDescription)", option: option)
        }
    }

    /// The network's `weightsDescription`, without loading it.
    func description(option: String = "weights", hashing index: FileHashIndex) throws -> String {
        guard let file else { return VGG19.seededDescription(seed) }
        return Self.description(of: file, hash: try hash(of: file, option: option, index: index))
    }

    private static func description(of file: URL, hash: String) -> String { "\(file.lastPathComponent) (sha256 \(hash.prefix(12)))" }

    /// The network compiled for `features`, one for every step of the render that uses it at once (the
    /// weights are reordered once, and the plain weights are dropped once compiled).
    func compiledFeatures(
        size: Int, block: Int, precision: Precision, option: String = "weights", context: RunContext
    ) throws -> CompiledVGG19 {
        let key = "features \(try key(option: option, hashing: context.fileHashes)) size \(size) block \(block) \(precision)"
        return try context.shared.object(key) {
            try load(option: option, hashing: context.fileHashes).compiled(height: size, width: size, block: block, precision: precision)
        }
    }

    /// The network compiled for Grad-CAM at `layer`, shared as `compiledFeatures` is.
    func compiledGradCAM(size: Int, layer: Int, precision: Precision, option: String, context: RunContext) throws -> CompiledGradCAM {
        let key = "gradcam \(try key(option: option, hashing: context.fileHashes)) size \(size) layer \(layer) \(precision)"
        return try context.shared.object(key) {
            let network = try load(option: option, hashing: context.fileHashes)
            return try GradCAM(network: network, layer: layer).compiled(height: size, width: size, precision: precision)
        }
    }

    /// The plain network, read only inside a compile (the compiled one is what steps keep).
    private func load(option: String, hashing index: FileHashIndex) throws -> VGG19 {
        guard let file else { return VGG19.seeded(seed) }
        let hash = try hash(of: file, option: option, index: index)
        do {
            return try VGG19.load(try SafeTensors(try Data(contentsOf: file)), description: Self.description(of: file, hash: hash))
        } catch let error as SafeTensorsError {
            throw DirectiveError("`\(file.lastPathComponent)`: \(error)", option: option)
        }
    }
}

/// How a features matrix was made: the network, its weights, the images' preprocessing and reading.
/// `features` and `combine` carry it in their results; `gradcam` runs the same network from it, and
/// `combine` joins only features whose descriptions are equal.
struct FeatureNetwork: FieldGroup, Equatable {
    var weights: String
    var imagenet: Bool
    var size: Int
    var layer: String
    var preprocess: Preprocessing
    var precision: String
    var window: ImageReading.Window
    var frame: Int
    /// Empty for seeded weights.
    var weightsFile: String
    var weightsSeed: Int

    static var fields: [ResultField<FeatureNetwork>] {
        [
            .init("weights", \.weights, doc: "the weights: `seeded (…)` or the file's name and SHA-256"),
            .init("imagenet", \.imagenet, doc: "whether the weights came from a file (false: seeded random weights)"),
            .init("size", \.size, doc: "the side images were resized to"),
            .init("layer", \.layer, doc: "the pooled block, `block5` for the 512-d features"),
            .init("preprocess", \.preprocess, doc: "the preprocessing (`torchvision`, `keras`, `caffe`)"),
            .init("precision", \.precision, doc: "`f32` or `bf16`"),
            .init("window", \.window, doc: "the DICOM window used"),
            .init("frame", \.frame, doc: "the DICOM frame used"),
            .init("weights_file", \.weightsFile, doc: "the weights file's path; empty for seeded weights"),
            .init("weights_seed", \.weightsSeed, doc: "the seed of seeded weights"),
        ]
    }

    init(reading r: ResultReader<FeatureNetwork>) throws(ResultError) {
        (weights, imagenet, size, layer) = (try r(\.weights), try r(\.imagenet), try r(\.size), try r(\.layer))
        (preprocess, precision, window, frame) = (try r(\.preprocess), try r(\.precision), try r(\.window), try r(\.frame))
        (weightsFile, weightsSeed) = (try r(\.weightsFile), try r(\.weightsSeed))
    }

    init(
        weights: String, imagenet: Bool, size: Int, layer: String, preprocess: Preprocessing, precision: String,
        reading: ImageReading, source: NetworkSource
    ) {
        (self.weights, self.imagenet, self.size, self.layer, self.preprocess, self.precision) = (
            weights, imagenet, size, layer, preprocess, precision
        )
        (window, frame) = (reading.window, reading.frame)
        (weightsFile, weightsSeed) = (source.file?.path ?? "", Int(source.seed))
    }

    var source: NetworkSource { NetworkSource(file: weightsFile.isEmpty ? nil : URL(fileURLWithPath: weightsFile), seed: UInt64(weightsSeed)) }
    var reading: ImageReading { ImageReading(window: window, frame: frame) }

    /// The first field in which two descriptions differ.
    func firstDifference(from other: FeatureNetwork) -> String? {
        Self.fields.first { $0.value(of: self) != $0.value(of: other) }?.name
    }
}
