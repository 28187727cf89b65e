import Foundation
import LinearAlgebra
import Testing

@testable import NeuralNet

@Suite struct VGG19Tests {
    private func random(_ count: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(g.nextUnit() * 2 - 1) }
    }

    /// The im2col + GEMM convolution against the textbook sum, with padding, on odd sizes.
    @Test(arguments: [(1, 1, 5, 4), (3, 4, 7, 6), (5, 2, 3, 9)])
    func convolutionMatchesTheDefinition(_ shape: (Int, Int, Int, Int)) {
        let (cin, cout, h, w) = shape
        let conv = Convolution3x3(
            inputChannels: cin, outputChannels: cout, weight: random(cout * cin * 9, seed: 1),
            bias: random(cout, seed: 2))
        let input = Tensor(channels: cin, height: h, width: w, values: random(cin * h * w, seed: 3))
        let output = conv.forward(input, relu: false)
        for o in 0..<cout {
            for y in 0..<h {
                for x in 0..<w {
                    var sum = Double(conv.bias[o])
                    for c in 0..<cin {
                        for ky in 0..<3 {
                            for kx in 0..<3 {
                                let (sy, sx) = (y + ky - 1, x + kx - 1)
                                guard sy >= 0, sy < h, sx >= 0, sx < w else { continue }
                                sum += Double(conv.weight[((o * cin + c) * 3 + ky) * 3 + kx]) * Double(input[c, sy, sx])
                            }
                        }
                    }
                    #expect(abs(Double(output[o, y, x]) - sum) < 1e-5, "(\(o), \(y), \(x))")
                }
            }
        }
        let rectified = conv.forward(input, relu: true)
        #expect(zip(rectified.values, output.values).allSatisfy { $0 == max($1, 0) })
    }

    @Test func maxPoolTakesTheLargestOfEachWindowAndDropsOddEdges() {
        let input = Tensor(channels: 1, height: 3, width: 5, values: (0..<15).map(Float.init))
        let pooled = MaxPool2x2.forward(input)
        #expect(pooled.height == 1 && pooled.width == 2)
        #expect(pooled.values == [6, 8])
    }

    @Test func torchvisionLayerIndices() {
        #expect(VGG19.convolutionIndices == [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34])
    }

    @Test func seededNetworkGivesReproducible512dFeatures() throws {
        let network = VGG19.seeded(7)
        #expect(network.convolutions.map(\.outputChannels).reduce(0, +) == 5504)
        let input = Tensor(channels: 3, height: 32, width: 32, values: random(3 * 32 * 32, seed: 4))
        let compiled = try network.compiled(height: 32, width: 32)
        let a = try compiled.features(input)
        let b = try VGG19.seeded(7).compiled(height: 32, width: 32).features(input)
        #expect(a.count == 512 && a == b)
        #expect(a.allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(a.contains { $0 > 0 }, "not all channels dead")
        #expect(try compiled.featureMap(input).height == 1)
    }

    /// The seeded network, exported as .safetensors and run by onnxruntime (fixture script
    /// make_vgg19_reference.py), against ours on the same inputs: ≤ 1e-4 relative.
    @Test func networkMatchesOnnxruntime() throws {
        let network = VGG19.seeded(1)
        for i in 0..<3 {
            let inputURL = try #require(Bundle.module.url(forResource: "vgg19_input\(i)", withExtension: "npy", subdirectory: "Fixtures"))
            let outputURL = try #require(Bundle.module.url(forResource: "vgg19_output\(i)", withExtension: "npy", subdirectory: "Fixtures"))
            let input = try NPYCodec.decode(try Data(contentsOf: inputURL))
            let reference = try NPYCodec.decode(try Data(contentsOf: outputURL)).floats
            let size = input.shape[1]
            let ours = try network.compiled(height: size, width: size).features(Tensor(channels: 3, height: size, width: size, values: input.floats))
            let norm = reference.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
            let difference = zip(ours, reference).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +).squareRoot()
            #expect(difference / norm < 1e-4, "input \(i): relative difference \(difference / norm)")
            // Each feature too, relative to itself or (for near-zero ones) to the vector's typical size.
            let scale = Float(norm) / 512
            let worst = zip(ours, reference).map { (ours: Float, theirs: Float) -> Float in abs(ours - theirs) / max(abs(theirs), scale) }.max() ?? 0
            #expect(worst <= 1e-4, "input \(i): largest per-feature difference \(worst)")
        }
    }

    /// A timm `vgg19.tv_in1k` file has the classifier too (`pre_logits.*`, `head.fc.*`): ignored. A tensor
    /// missing or of the wrong shape is named.
    @Test func weightFilesAreCheckedTensorByTensor() throws {
        let network = VGG19.seeded(3)
        var tensors = zip(VGG19.convolutionIndices, network.convolutions).flatMap { index, conv in
            [
                (name: "features.\(index).weight", shape: [conv.outputChannels, conv.inputChannels, 3, 3], values: conv.weight),
                (name: "features.\(index).bias", shape: [conv.outputChannels], values: conv.bias),
            ]
        }
        let classifier = [
            (name: "pre_logits.fc1.weight", shape: [4, 2], values: [Float](repeating: 0.5, count: 8)),
            (name: "head.fc.bias", shape: [3], values: [Float](repeating: 0, count: 3)),
        ]
        let timm = try VGG19.load(try SafeTensors(SafeTensors.encode(tensors + classifier)), description: "timm layout")
        #expect(timm.convolutions == network.convolutions)

        let missing = tensors.filter { $0.name != "features.21.bias" }
        #expect(throws: SafeTensorsError.missingTensor("features.21.bias")) {
            try VGG19.load(try SafeTensors(SafeTensors.encode(missing)), description: "missing")
        }
        tensors[4] = (name: "features.5.weight", shape: [128, 32, 3, 3], values: Array(tensors[4].values.prefix(128 * 32 * 9)))
        #expect(throws: SafeTensorsError.wrongShape(tensor: "features.5.weight", expected: [128, 64, 3, 3], found: [128, 32, 3, 3])) {
            try VGG19.load(try SafeTensors(SafeTensors.encode(tensors)), description: "misshaped")
        }
    }

    @Test func exportedWeightsLoadBackUnchanged() throws {
        let network = VGG19.seeded(3)
        let loaded = try VGG19.load(try SafeTensors(network.safetensors()), description: "round trip")
        #expect(loaded.convolutions == network.convolutions)
    }
}

/// Relative difference of `ours` from `reference`: each value against itself or, for values near zero,
/// against the reference's root mean square.
func largestRelativeDifference(_ ours: [Float], _ reference: [Float]) -> Double {
    let rms = (reference.map { Double($0) * Double($0) }.reduce(0, +) / Double(max(reference.count, 1))).squareRoot()
    return zip(ours, reference).map { Double(abs($0 - $1)) / max(Double(abs($1)), rms) }.max() ?? 0
}

@Suite struct OneDNNNetworkTests {
    private func random(_ count: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(g.nextUnit()) }
    }

    /// oneDNN (Winograd where it has it, direct elsewhere: whatever this CPU gets) against the im2col
    /// reference, every block, square and odd-sized inputs: ≤ 1e-4 relative.
    @Test(arguments: [(32, 32), (64, 48), (45, 71)])
    func matchesTheIm2colReferenceAtEveryBlock(_ size: (Int, Int)) throws {
        let (height, width) = size
        let network = VGG19.seeded(5)
        let input = Tensor(channels: 3, height: height, width: width, values: random(3 * height * width, seed: 6))
        for block in 1...5 {
            let compiled = try network.compiled(height: height, width: width, block: block)
            let ours = try compiled.featureMap(input)
            let reference = network.referenceFeatureMap(input, block: block)
            #expect(ours.channels == reference.channels && ours.height == reference.height && ours.width == reference.width)
            let worst = largestRelativeDifference(ours.values, reference.values)
            #expect(worst <= 1e-4, "\(width) × \(height), block \(block) (\(compiled.implementations.first ?? "")): \(worst)")
        }
    }

    /// The first convolution runs direct; the others run Winograd wherever oneDNN has it for f32 (AVX-512
    /// in oneDNN 2.6) and fall back to direct elsewhere, and the network still builds.
    @Test func firstConvolutionIsDirectAndTheOthersWinogradWhereOneDNNHasIt() throws {
        let implementations = try VGG19.seeded(1).compiled(height: 64, width: 64).implementations
        #expect(implementations.count == 16)
        #expect(!implementations[0].contains("wino"), "\(implementations[0])")
        if OneDNN.isa.hasPrefix("avx512") {
            #expect(implementations.dropFirst().allSatisfy { $0.contains("wino") }, "\(implementations)")
        }
    }

    /// bf16 where the CPU has it: within 2e-2 of f32 (relative to the largest feature). Elsewhere a clear
    /// error that says what the CPU lacks.
    @Test func bf16IsCloseToF32OrAClearError() throws {
        let network = VGG19.seeded(1)
        let input = Tensor(channels: 3, height: 64, width: 64, values: random(3 * 64 * 64, seed: 7))
        let f32 = try network.compiled(height: 64, width: 64).features(input)
        do {
            try Precision.bf16.checkSupported()
        } catch {
            #expect(error.description.contains("needs a CPU with AVX-512 BF16 or AMX"))
            #expect(throws: PrecisionError.self) { try network.compiled(height: 64, width: 64, precision: .bf16) }
            return
        }
        let bf16 = try network.compiled(height: 64, width: 64, precision: .bf16).features(input)
        let largest = f32.map(abs).max() ?? 1
        let worst = zip(bf16, f32).map { abs($0 - $1) / largest }.max() ?? 1
        #expect(worst <= 2e-2, "bf16 against f32: \(worst) of the largest feature")
        #expect(bf16 != f32, "bf16 computed in bf16")
    }
}
@Suite struct VGG19BatchTests {
    /// One image per core, each on one thread: a batch gives the very numbers of its images one at a time.
    @Test func batchesEqualSingleImagesBitForBit() throws {
        let network = try VGG19.seeded(2).compiled(height: 64, width: 64)
        var g = SeededGenerator(seed: 9)
        let inputs = (0..<3).map { _ in Tensor(channels: 3, height: 64, width: 64, values: (0..<(3 * 64 * 64)).map { _ in Float(g.nextUnit()) }) }
        #expect(try network.features(ofBatch: inputs) == inputs.map { try network.features($0) })
    }
}
