import LinearAlgebra
@testable import NeuralNet
import Testing

@Suite struct VGG19Tests {
    private func random(_ count: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(g.nextUnit() * 2 - 1) }
    }

    /// The im2col + GEMM convolution against the textbook sum, with padding, on odd sizes.
    @Test(arguments: [(1, 1, 5, 4), (3, 4, 7, 6), (5, 2, 3, 9)])
    func convolutionMatchesTheDefinition(_ shape: (Int, Int, Int, Int)) {
        let (cin, cout, h, w) = shape
        let conv = Convolution3x3(inputChannels: cin, outputChannels: cout, weight: random(cout * cin * 9, seed: 1),
                                  bias: random(cout, seed: 2))
        let input = Tensor(channels: cin, height: h, width: w, values: random(cin * h * w, seed: 3))
        let output = conv.forward(input, relu: false)
        for o in 0..<cout { for y in 0..<h { for x in 0..<w {
            var sum = Double(conv.bias[o])
            for c in 0..<cin { for ky in 0..<3 { for kx in 0..<3 {
                let (sy, sx) = (y + ky - 1, x + kx - 1)
                guard sy >= 0, sy < h, sx >= 0, sx < w else { continue }
                sum += Double(conv.weight[((o * cin + c) * 3 + ky) * 3 + kx]) * Double(input[c, sy, sx])
            } } }
            #expect(abs(Double(output[o, y, x]) - sum) < 1e-5, "(\(o), \(y), \(x))")
        } } }
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

    @Test func seededNetworkGivesReproducible512dFeatures() {
        let network = VGG19.seeded(7)
        #expect(network.convolutions.map(\.outputChannels).reduce(0, +) == 5504)
        let input = Tensor(channels: 3, height: 32, width: 32, values: random(3 * 32 * 32, seed: 4))
        let a = network.features(input), b = VGG19.seeded(7).features(input)
        #expect(a.count == 512 && a == b)
        #expect(a.allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(a.contains { $0 > 0 }, "not all channels dead")
        #expect(network.featureMap(input).height == 1)
    }
}
