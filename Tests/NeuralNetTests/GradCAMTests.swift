import Foundation
import LinearAlgebra
import Testing

@testable import NeuralNet

@Suite struct GradCAMTests {
    private func random(_ count: Int, seed: UInt64, low: Double = -1) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(low + g.nextUnit() * (1 - low)) }
    }

    private func fixture(_ name: String) throws -> NPYArray {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "npy", subdirectory: "Fixtures"))
        return try NPYCodec.decode(try Data(contentsOf: url))
    }

    /// A dot product of the layer's output with fixed weights r: its gradient with respect to the input,
    /// checked by central differences in Double on a few inputs.
    private func checkAgainstFiniteDifferences(
        _ input: Tensor, forward: (Tensor) -> Tensor,
        backward: (Tensor, Tensor) -> Tensor, positions: [Int]
    ) {
        let output = forward(input)
        let r = Tensor(
            channels: output.channels, height: output.height, width: output.width,
            values: random(output.values.count, seed: 11))
        let analytic = backward(input, r)
        func objective(_ x: Tensor) -> Double { zip(forward(x).values, r.values).map { Double($0) * Double($1) }.reduce(0, +) }
        for p in positions {
            let h: Float = 1e-2
            var plus = input
            var minus = input
            plus.values[p] += h
            minus.values[p] -= h
            let numeric = (objective(plus) - objective(minus)) / (2 * Double(h))
            #expect(abs(numeric - Double(analytic.values[p])) <= 1e-3 * max(1, abs(numeric)), "position \(p): \(numeric) vs \(analytic.values[p])")
        }
    }

    @Test func convolutionGradientMatchesFiniteDifferences() {
        let conv = Convolution3x3(inputChannels: 3, outputChannels: 4, weight: random(108, seed: 1), bias: random(4, seed: 2))
        let input = Tensor(channels: 3, height: 5, width: 6, values: random(90, seed: 3))
        checkAgainstFiniteDifferences(
            input, forward: { conv.forward($0, relu: false) },
            backward: { _, g in conv.transposed().forward(g, relu: false) }, positions: Array(0..<90))
    }

    @Test func maxPoolGradientMatchesFiniteDifferences() {
        // Distinct values so every window has one clear maximum; odd sizes drop a row and a column.
        let values: [Float] = (0..<70).map { (i: Int) -> Float in Float((i * 37) % 70) / 10 }
        let input = Tensor(channels: 2, height: 5, width: 7, values: values)
        checkAgainstFiniteDifferences(
            input, forward: MaxPool2x2.forward,
            backward: { x, g in MaxPool2x2.backward(input: x, gradient: g) }, positions: Array(0..<70))
    }

    @Test func reluGradientMatchesFiniteDifferences() {
        let input = Tensor(channels: 2, height: 3, width: 3, values: random(18, seed: 4).map { $0 + ($0 > 0 ? 0.1 : -0.1) })
        let relu = { (x: Tensor) in Tensor(channels: x.channels, height: x.height, width: x.width, values: x.values.map { max($0, 0) }) }
        checkAgainstFiniteDifferences(
            input, forward: relu, backward: { x, g in ReLUBackward.backward(output: relu(x), gradient: g) },
            positions: Array(0..<18))
    }

    /// The whole reverse pass on a small input: the target's change when one activation of the layer
    /// moves, against the gradient — through ReLUs, max-pools, convolutions and the average pooling.
    @Test func reversePassMatchesFiniteDifferencesThroughTheNetwork() {
        let network = VGG19.seeded(4)
        let input = Tensor(channels: 3, height: 32, width: 32, values: random(3 * 32 * 32, seed: 5, low: 0))
        let cam = GradCAM(network: network, layer: 13)  // conv5_2: two convolutions, a pool and the average after it
        let target = GradCAM.Target.projection(random(512, seed: 6))
        let (activations, gradient, _) = cam.referencePass(input, target: target)
        // The rest of the network from conv5_2's output, in Double for the differences.
        func objective(_ a: Tensor) -> Double {
            var x = network.convolutions[14].forward(a, relu: true)
            x = network.convolutions[15].forward(x, relu: true)
            x = MaxPool2x2.forward(x)
            guard case .projection(let v) = target else { return 0 }
            return zip(x.channelMeans(), v).map { Double($0) * Double($1) }.reduce(0, +)
        }
        // Tolerance: relative, plus a little of the gradient's scale — a ReLU or max-pool kink within ±h
        // makes a central difference inexact.
        let scale = Double(gradient.values.map(abs).max() ?? 0)
        var checked = 0
        for p in stride(from: 0, to: activations.values.count, by: 97) where activations.values[p] > 0.05 {
            let h: Float = 1e-2
            var plus = activations
            var minus = activations
            plus.values[p] += h
            minus.values[p] -= h
            let numeric = (objective(plus) - objective(minus)) / (2 * Double(h))
            #expect(
                abs(numeric - Double(gradient.values[p])) <= 2e-3 * abs(numeric) + 2e-3 * scale,
                "activation \(p): \(numeric) vs \(gradient.values[p])")
            checked += 1
        }
        #expect(checked > 5)
    }

    /// oneDNN's pass (backward-data convolutions, ReLU and max-pool backward) against the reference one
    /// on the im2col layers: activations ≤ 1e-4 and gradients ≤ 1e-3 relative, at layers behind 0 to 3
    /// convolutions and 1 to 3 pools, on square and odd sizes.
    @Test(arguments: [(15, 32, 32), (12, 48, 40), (7, 35, 33)])
    func oneDNNPassMatchesTheReference(_ shape: (Int, Int, Int)) throws {
        let (layer, height, width) = shape
        let cam = GradCAM(network: VGG19.seeded(4), layer: layer)
        let input = Tensor(channels: 3, height: height, width: width, values: random(3 * height * width, seed: 12, low: 0))
        let target = GradCAM.Target.projection(random(512, seed: 13))
        let compiled = try cam.compiled(height: height, width: width)
        let ours = try compiled.pass(input, target: target)
        let reference = cam.referencePass(input, target: target)
        #expect(largestRelativeDifference(ours.activations.values, reference.activations.values) <= 1e-4)
        let worst = largestRelativeDifference(ours.gradient.values, reference.gradient.values)
        #expect(worst <= 1e-3, "layer \(layer) at \(width) × \(height): gradient off by \(worst)")
        #expect(largestRelativeDifference(ours.features, reference.features) <= 1e-4)
        // A batch gives each image's own bits.
        let second = Tensor(channels: 3, height: height, width: width, values: random(3 * height * width, seed: 14, low: 0))
        let batch = try compiled.maps(ofBatch: [input, second, input], target: target)
        let alone = try compiled.map(second, target: target)
        #expect(batch[1].heatmap == alone.heatmap && batch[0].heatmap == batch[2].heatmap)
    }

    /// The projection target is linear in its vector, so its gradient is too.
    @Test func projectionGradientIsLinearInTheVector() throws {
        let cam = try GradCAM(network: VGG19.seeded(4), layer: 15).compiled(height: 32, width: 32)
        let input = Tensor(channels: 3, height: 32, width: 32, values: random(3 * 32 * 32, seed: 7, low: 0))
        let v1 = random(512, seed: 8)
        let v2 = random(512, seed: 9)
        let g1 = try cam.pass(input, target: .projection(v1)).gradient.values
        let g2 = try cam.pass(input, target: .projection(v2)).gradient.values
        let combined = try cam.pass(input, target: .projection(zip(v1, v2).map { 2 * $0 - 3 * $1 })).gradient.values
        let scale = g1.map(abs).max()! + g2.map(abs).max()!
        #expect(zip(combined, zip(g1, g2)).allSatisfy { abs($0 - (2 * $1.0 - 3 * $1.1)) <= 1e-5 * scale })
        // The sum target is the projection on the all-ones vector.
        let sum = try cam.pass(input, target: .sum).gradient.values
        let ones = try cam.pass(input, target: .projection([Float](repeating: 1, count: 512))).gradient.values
        #expect(sum == ones)
    }

    /// PyTorch autograd on the same weights and inputs (Fixtures/make_gradcam_reference.py): ≤ 1e-3 absolute.
    @Test func matchesPyTorch() throws {
        struct Case: Decodable {
            let input: Int
            let layer: String
            let target: String
            let feature: Int?
        }
        let url = try #require(Bundle.module.url(forResource: "gradcam_cases", withExtension: "json", subdirectory: "Fixtures"))
        let cases = try JSONDecoder().decode([Case].self, from: try Data(contentsOf: url))
        let network = VGG19.seeded(1)
        let vector = try fixture("gradcam_vector").floats
        for (i, c) in cases.enumerated() {
            let input = try fixture("vgg19_input\(c.input)")
            let size = input.shape[1]
            let layer = try #require(GradCAM.convolutionNames.firstIndex(of: c.layer))
            let target: GradCAM.Target =
                switch c.target {
                case "sum": .sum
                case "feature": .feature(c.feature ?? 0)
                default: .projection(vector)
                }
            let map = try GradCAM(network: network, layer: layer).map(
                Tensor(channels: 3, height: size, width: size, values: input.floats),
                target: target)
            let reference = try fixture("gradcam_case\(i)").floats
            let worst = zip(map.heatmap, reference).map { abs($0 - $1) }.max() ?? 1
            #expect(worst <= 1e-3, "case \(i) (\(c.layer), \(c.target)): largest difference \(worst)")
        }
    }

    @Test func badTargetsAreClearErrors() {
        let cam = GradCAM(network: VGG19.seeded(4), layer: 15)
        let input = Tensor(channels: 3, height: 32, width: 32)
        #expect(throws: GradCAMError.featureOutOfRange(600)) { try cam.map(input, target: .feature(600)) }
        #expect(throws: GradCAMError.vectorLength(3)) { try cam.map(input, target: .projection([1, 2, 3])) }
        #expect(GradCAMError.vectorLength(3).description.contains("must have 512"))
    }

    @Test func resizeUsesHalfPixelCentres() {
        // 2 → 4: source coordinates −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        #expect(GradCAM.resize([0, 1], width: 2, height: 1, toWidth: 4, toHeight: 1) == [0, 0.25, 0.75, 1])
    }
}
