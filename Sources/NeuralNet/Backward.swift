/// The reverse pass of VGG19's layers: gradients with respect to a layer's input, given the gradient
/// with respect to its output (docs/algorithms.md, "Grad-CAM"). Only input gradients — Grad-CAM needs no weight
/// gradients.

extension Convolution3x3 {
    /// The convolution whose forward pass is this one's input gradient: channels swapped and each 3×3
    /// kernel rotated by 180°, no bias. (With stride 1 and padding 1 on both sides, the transposed
    /// convolution is again a padded 3×3 convolution.)
    public func transposed() -> Convolution3x3 {
        var weight = [Float](repeating: 0, count: self.weight.count)
        for k in 0..<outputChannels {
            for c in 0..<inputChannels {
                for tap in 0..<9 { weight[((c * outputChannels + k) * 9) + 8 - tap] = self.weight[((k * inputChannels + c) * 9) + tap] }
            }
        }
        return Convolution3x3(
            inputChannels: outputChannels, outputChannels: inputChannels, weight: weight,
            bias: [Float](repeating: 0, count: inputChannels))
    }
}

extension MaxPool2x2 {
    /// Each window's gradient goes to the position of its maximum — the first in row-major order on ties,
    /// as PyTorch's CPU kernel does; rows and columns dropped by the floor get none.
    public static func backward(input: Tensor, gradient: Tensor) -> Tensor {
        var result = Tensor(channels: input.channels, height: input.height, width: input.width)
        for c in 0..<gradient.channels {
            for y in 0..<gradient.height {
                for x in 0..<gradient.width {
                    var (bestY, bestX) = (2 * y, 2 * x)
                    for (dy, dx) in [(0, 1), (1, 0), (1, 1)] where input[c, 2 * y + dy, 2 * x + dx] > input[c, bestY, bestX] {
                        (bestY, bestX) = (2 * y + dy, 2 * x + dx)
                    }
                    result[c, bestY, bestX] += gradient[c, y, x]
                }
            }
        }
        return result
    }
}

/// ReLU's reverse pass from its output: the gradient where the output is positive, 0 elsewhere.
enum ReLUBackward {
    static func backward(output: Tensor, gradient: Tensor) -> Tensor {
        var result = gradient
        for i in result.values.indices where output.values[i] <= 0 { result.values[i] = 0 }
        return result
    }
}
