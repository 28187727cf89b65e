import Foundation
import LinearAlgebra

/// VGG19's convolutional part (torchvision configuration "E"), giving the 512-d global-average-pooled
/// features of the last block (Keras `pooling='avg'`; docs/algorithms.md, "VGG19 and preprocessing").
public struct VGG19: Sendable {
    /// Output channels of each convolution; 0 marks a 2×2 max-pool.
    static let configuration = [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0]

    /// torchvision's `features.N` index of each convolution, in order.
    public static let convolutionIndices: [Int] = {
        var indices = [Int]()
        var index = 0
        for channels in configuration {
            if channels == 0 {
                index += 1
            } else {
                indices.append(index)
                index += 2
            }  // conv, ReLU
        }
        return indices
    }()

    public let convolutions: [Convolution3x3]
    /// Where the weights came from (`seeded(…)` or the file's hash), for cache keys and the manifest.
    public let weightsDescription: String

    public init(convolutions: [Convolution3x3], weightsDescription: String) {
        precondition(convolutions.count == 16)
        (self.convolutions, self.weightsDescription) = (convolutions, weightsDescription)
    }

    /// Deterministic He-initialised weights (normal, σ = √(2 / (in·9)), bias 0) — NOT ImageNet weights.
    public static func seeded(_ seed: UInt64) -> VGG19 {
        var random = SeededGenerator(seed: seed)
        var convolutions = [Convolution3x3]()
        var inputChannels = 3
        for channels in configuration where channels > 0 {
            let std = (2 / Double(inputChannels * 9)).squareRoot()
            let weight = (0..<(channels * inputChannels * 9)).map { _ -> Float in
                let u1 = max(random.nextUnit(), 1e-300)
                let u2 = random.nextUnit()
                return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2) * std)
            }
            convolutions.append(
                Convolution3x3(
                    inputChannels: inputChannels, outputChannels: channels, weight: weight,
                    bias: [Float](repeating: 0, count: channels)))
            inputChannels = channels
        }
        return VGG19(convolutions: convolutions, weightsDescription: seededDescription(seed))
    }

    /// The `weightsDescription` of `seeded(seed)`, known without making the weights.
    public static func seededDescription(_ seed: UInt64) -> String { "seeded(\(seed))" }

    /// Weights from a safetensors file with torchvision/timm names (`features.N.weight`, `.bias`).
    public static func load(_ file: SafeTensors, description: String) throws(SafeTensorsError) -> VGG19 {
        var convolutions = [Convolution3x3]()
        var inputChannels = 3
        for (index, channels) in zip(convolutionIndices, configuration.filter { $0 > 0 }) {
            let weightName = "features.\(index).weight"
            let biasName = "features.\(index).bias"
            guard let weightInfo = file.tensors[weightName] else { throw .missingTensor(weightName) }
            guard weightInfo.shape == [channels, inputChannels, 3, 3] else {
                throw .wrongShape(tensor: weightName, expected: [channels, inputChannels, 3, 3], found: weightInfo.shape)
            }
            guard let biasInfo = file.tensors[biasName] else { throw .missingTensor(biasName) }
            guard biasInfo.shape == [channels] else { throw .wrongShape(tensor: biasName, expected: [channels], found: biasInfo.shape) }
            convolutions.append(
                Convolution3x3(
                    inputChannels: inputChannels, outputChannels: channels,
                    weight: try file.floats(weightName), bias: try file.floats(biasName)))
            inputChannels = channels
        }
        return VGG19(convolutions: convolutions, weightsDescription: description)
    }

    /// The weights as a `.safetensors` file with torchvision's names, which `load` reads back; lets other
    /// frameworks run exactly this network (the reference tests, the benchmarks).
    public func safetensors() -> Data {
        SafeTensors.encode(
            zip(Self.convolutionIndices, convolutions).flatMap { index, conv in
                [
                    (name: "features.\(index).weight", shape: [conv.outputChannels, conv.inputChannels, 3, 3], values: conv.weight),
                    (name: "features.\(index).bias", shape: [conv.outputChannels], values: conv.bias),
                ]
            })
    }

    /// How convolution `index` (0…15) runs on oneDNN: Winograd wherever oneDNN has it, but for the first
    /// (3 inputs), which runs faster direct (measured per layer: BENCHMARKS.md).
    public static func preferredAlgorithm(_ index: Int) -> ConvolutionAlgorithm { index == 0 ? .direct : .winograd }

    /// Output channels of each block (1…5).
    public static let blockChannels = [64, 128, 256, 512, 512]

    /// The feature map after block `block`'s max-pool (block 5: torchvision `features.36`, 512 × H/32 × W/32),
    /// by the im2col reference layers: what the oneDNN network (`compiled`) is tested against.
    public func referenceFeatureMap(_ input: Tensor, block: Int = 5) -> Tensor {
        precondition((1...5).contains(block), "VGG19 has blocks 1…5")
        var x = input
        var next = 0
        var pools = 0
        for channels in Self.configuration {
            if channels == 0 {
                x = MaxPool2x2.forward(x)
                pools += 1
                if pools == block { break }
            } else {
                x = convolutions[next].forward(x, relu: true)
                next += 1
            }
        }
        return x
    }

    /// The reference feature vector: block `block`'s pooled map averaged over positions.
    public func referenceFeatures(_ input: Tensor, block: Int = 5) -> [Float] {
        referenceFeatureMap(input, block: block).channelMeans()
    }
}
