import LinearAlgebra

/// A 3×3 convolution with stride 1 and zero padding 1, bias added and optionally ReLU applied:
/// im2col then GEMM — the reference path a faster kernel is tested against.
public struct Convolution3x3: Sendable, Equatable {
    /// Positions per GEMM block: enough columns for the GEMM to run at speed, and blocks for every core.
    static let positionsPerBlock = 4096

    public let inputChannels: Int
    public let outputChannels: Int
    /// [out, in, 3, 3] (PyTorch's OIHW), row-major.
    public let weight: [Float]
    public let bias: [Float]

    public init(inputChannels: Int, outputChannels: Int, weight: [Float], bias: [Float]) {
        precondition(weight.count == outputChannels * inputChannels * 9 && bias.count == outputChannels)
        (self.inputChannels, self.outputChannels, self.weight, self.bias) = (inputChannels, outputChannels, weight, bias)
    }

    public func forward(_ input: Tensor, relu: Bool = true) -> Tensor {
        precondition(input.channels == inputChannels, "expected \(inputChannels) channels, got \(input.channels)")
        let (h, w) = (input.height, input.width)
        let positions = h * w
        // columns[(c·9 + ky·3 + kx), y·w + x] = input[c, y + ky − 1, x + kx − 1] (0 outside).
        var columns = [Float](repeating: 0, count: inputChannels * 9 * positions)
        input.values.withUnsafeBufferPointer { source in
            columns.withUnsafeMutableBufferPointer { target in
                for c in 0..<inputChannels {
                    for ky in 0..<3 {
                        for kx in 0..<3 {
                            let row = target.baseAddress! + ((c * 9 + ky * 3 + kx) * positions)
                            for y in 0..<h {
                                let sy = y + ky - 1
                                guard sy >= 0 && sy < h else { continue }
                                let sourceRow = source.baseAddress! + (c * h + sy) * w
                                let targetRow = row + y * w
                                let xStart = max(0, 1 - kx)
                                let xEnd = min(w, w + 1 - kx)
                                for x in xStart..<xEnd { targetRow[x] = sourceRow[x + kx - 1] }
                            }
                        }
                    }
                }
            }
        }
        var output = [Float](repeating: 0, count: outputChannels * positions)
        for o in 0..<outputChannels { for p in 0..<positions { output[o * positions + p] = bias[o] } }
        // One single-threaded GEMM per block of positions, the blocks spread over the cores; the blocks are
        // fixed, so the bits do not depend on how many cores there are.
        let k = inputChannels * 9
        let outputChannels = outputChannels
        weight.withUnsafeBufferPointer { weights in
            columns.withUnsafeBufferPointer { im2col in
                output.withUnsafeMutableBufferPointer { out in
                    let a = SendablePointer(UnsafeMutablePointer(mutating: weights.baseAddress!))
                    let b = SendablePointer(UnsafeMutablePointer(mutating: im2col.baseAddress!))
                    let c = SendablePointer(out.baseAddress!)
                    Parallel.forEachBlock(of: positions, size: Self.positionsPerBlock) { _, block in
                        BLAS.sgemm(
                            m: outputChannels, n: block.count, k: k, a.pointer, lda: k,
                            b.pointer + block.lowerBound, ldb: positions, beta: 1, c.pointer + block.lowerBound, ldc: positions)
                    }
                }
            }
        }
        if relu { for i in output.indices where output[i] < 0 { output[i] = 0 } }
        return Tensor(channels: outputChannels, height: h, width: w, values: output)
    }
}

/// 2×2 max pooling with stride 2, floor mode (an odd last row or column is dropped).
public enum MaxPool2x2 {
    public static func forward(_ input: Tensor) -> Tensor {
        let (h, w) = (input.height / 2, input.width / 2)
        var out = Tensor(channels: input.channels, height: h, width: w)
        for c in 0..<input.channels {
            for y in 0..<h {
                for x in 0..<w {
                    out[c, y, x] = max(
                        max(input[c, 2 * y, 2 * x], input[c, 2 * y, 2 * x + 1]),
                        max(input[c, 2 * y + 1, 2 * x], input[c, 2 * y + 1, 2 * x + 1]))
                }
            }
        }
        return out
    }
}
