import Dispatch
import LinearAlgebra

/// A 3×3, stride-1, zero-padding-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray,
/// "Fast Algorithms for Convolutional Neural Networks", 2016): each 2×2 output tile comes from a 4×4
/// input tile through 16 products instead of 36, done as 16 GEMMs over all tiles — 2.25× fewer
/// multiplications than im2col. `Convolution3x3` (im2col + one GEMM) is the reference it is tested against.
public struct WinogradConvolution: Sendable {
    public let inputChannels: Int
    public let outputChannels: Int
    /// U = G g Gᵀ: 16 matrices (one per tap ξ of the 4×4 tile), each outputChannels × inputChannels.
    let transformedWeight: [Float]
    let bias: [Float]

    public init(_ convolution: Convolution3x3) {
        let (outputs, inputs) = (convolution.outputChannels, convolution.inputChannels)
        (inputChannels, outputChannels, bias) = (inputs, outputs, convolution.bias)
        var u = [Float](repeating: 0, count: 16 * outputs * inputs)
        for k in 0..<outputs {
            for c in 0..<inputs {
                let g = (0..<9).map { Double(convolution.weight[(k * inputs + c) * 9 + $0]) }
                // G g (4 × 3), then (G g) Gᵀ (4 × 4), in Double so the halves cost no precision.
                var left = [Double](repeating: 0, count: 12)
                for j in 0..<3 {
                    let (g0, g1, g2) = (g[j], g[3 + j], g[6 + j])
                    left[j] = g0; left[3 + j] = (g0 + g1 + g2) / 2; left[6 + j] = (g0 - g1 + g2) / 2; left[9 + j] = g2
                }
                for i in 0..<4 {
                    let (a0, a1, a2) = (left[i * 3], left[i * 3 + 1], left[i * 3 + 2])
                    let row = [a0, (a0 + a1 + a2) / 2, (a0 - a1 + a2) / 2, a2]
                    for j in 0..<4 { u[((i * 4 + j) * outputs + k) * inputs + c] = Float(row[j]) }
                }
            }
        }
        transformedWeight = u
    }

    /// - Parameter scratch: memory for the transformed tiles; pass one across the layers of a forward pass.
    public func forward(_ input: Tensor, relu: Bool = true, scratch: WinogradScratch = WinogradScratch()) -> Tensor {
        precondition(input.channels == inputChannels, "expected \(inputChannels) channels, got \(input.channels)")
        let (h, w, channels, outputs) = (input.height, input.width, inputChannels, outputChannels)
        let (tilesY, tilesX) = ((h + 1) / 2, (w + 1) / 2)
        let tiles = tilesY * tilesX
        // V = Bᵀ d B for every channel and tile: v[(ξ·C + c)·T + t]. Per channel and row of tiles, Bᵀ
        // first combines the tile row's four input rows over the whole width, then B combines columns
        // for all tiles at once: plain loops over x that vectorise, instead of one 4 × 4 tile at a time.
        scratch.reserve(input: 16 * channels * tiles, products: 16 * outputs * tiles)
        let v = scratch.input, m = scratch.products
        do {
            let dst = SendablePointer(v)
            input.values.withUnsafeBufferPointer { source in
                let src = SendablePointer(UnsafeMutablePointer(mutating: source.baseAddress!))
                let paddedWidth = 2 * tilesX + 2
                DispatchQueue.concurrentPerform(iterations: channels) { c in
                    let plane = src.pointer + c * h * w
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * paddedWidth) { scratch in
                        let rows = scratch.baseAddress!, combined = rows + 4 * paddedWidth
                        for ty in 0..<tilesY {
                            // The four input rows 2ty − 1 … 2ty + 2, zero outside the image, shifted by one column.
                            for r in 0..<4 {
                                let row = rows + r * paddedWidth, y = 2 * ty - 1 + r
                                row.update(repeating: 0, count: paddedWidth)
                                if y >= 0 && y < h { (row + 1).update(from: plane + y * w, count: w) }
                            }
                            let (d0, d1, d2, d3) = (rows, rows + paddedWidth, rows + 2 * paddedWidth, rows + 3 * paddedWidth)
                            let (e0, e1, e2, e3) = (combined, combined + paddedWidth, combined + 2 * paddedWidth, combined + 3 * paddedWidth)
                            for x in 0..<paddedWidth {
                                e0[x] = d0[x] - d2[x]; e1[x] = d1[x] + d2[x]; e2[x] = d2[x] - d1[x]; e3[x] = d1[x] - d3[x]
                            }
                            let first = ty * tilesX
                            for i in 0..<4 {
                                let e = combined + i * paddedWidth
                                let out0 = dst.pointer + ((i * 4) * channels + c) * tiles + first
                                let out1 = dst.pointer + ((i * 4 + 1) * channels + c) * tiles + first
                                let out2 = dst.pointer + ((i * 4 + 2) * channels + c) * tiles + first
                                let out3 = dst.pointer + ((i * 4 + 3) * channels + c) * tiles + first
                                for tx in 0..<tilesX {
                                    let x = 2 * tx
                                    out0[tx] = e[x] - e[x + 2]; out1[tx] = e[x + 1] + e[x + 2]
                                    out2[tx] = e[x + 2] - e[x + 1]; out3[tx] = e[x + 1] - e[x + 3]
                                }
                            }
                        }
                    }
                }
            }
        }
        // M[ξ] = U[ξ] · V[ξ]: (K × C)(C × T), one single-threaded GEMM per tap, the taps spread over the cores.
        transformedWeight.withUnsafeBufferPointer { u in
            let (weights, tilesIn, products) = (SendablePointer(UnsafeMutablePointer(mutating: u.baseAddress!)), SendablePointer(v), SendablePointer(m))
            DispatchQueue.concurrentPerform(iterations: 16) { xi in
                BLAS.sgemm(m: outputs, n: tiles, k: channels, weights.pointer + xi * outputs * channels, lda: channels,
                           tilesIn.pointer + xi * channels * tiles, ldb: tiles, products.pointer + xi * outputs * tiles, ldc: tiles)
            }
        }
        // Y = Aᵀ M A (2 × 2) per output channel and tile, plus bias, then ReLU; Aᵀ combines the taps' rows
        // for a whole row of tiles at once, A then gives the even and odd output columns.
        let output = [Float](unsafeUninitializedCapacity: outputs * h * w) { buffer, count in
            let dst = SendablePointer(buffer.baseAddress!)
            do {
                let src = SendablePointer(m)
                let bias = self.bias
                DispatchQueue.concurrentPerform(iterations: outputs) { k in
                    let plane = dst.pointer + k * h * w
                    let shift = bias[k]
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * tilesX) { scratch in
                        let combined = scratch.baseAddress!
                        for ty in 0..<tilesY {
                            let first = ty * tilesX
                            @inline(__always) func tap(_ xi: Int) -> UnsafeMutablePointer<Float> { src.pointer + (xi * outputs + k) * tiles + first }
                            for j in 0..<4 {
                                let (m0, m1, m2, m3) = (tap(j), tap(4 + j), tap(8 + j), tap(12 + j))
                                let top = combined + j * tilesX, bottom = combined + (4 + j) * tilesX
                                for tx in 0..<tilesX { top[tx] = m0[tx] + m1[tx] + m2[tx]; bottom[tx] = m1[tx] - m2[tx] - m3[tx] }
                            }
                            for r in 0..<2 {
                                let y = 2 * ty + r
                                guard y < h else { continue }
                                let (c0, c1, c2, c3) = (combined + r * 4 * tilesX, combined + (r * 4 + 1) * tilesX,
                                                        combined + (r * 4 + 2) * tilesX, combined + (r * 4 + 3) * tilesX)
                                let row = plane + y * w
                                if w % 2 == 0 {
                                    for tx in 0..<tilesX {
                                        let a = c0[tx] + c1[tx] + c2[tx] + shift, b = c1[tx] - c2[tx] - c3[tx] + shift
                                        row[2 * tx] = relu ? max(a, 0) : a
                                        row[2 * tx + 1] = relu ? max(b, 0) : b
                                    }
                                } else {
                                    for tx in 0..<tilesX {
                                        let a = c0[tx] + c1[tx] + c2[tx] + shift, b = c1[tx] - c2[tx] - c3[tx] + shift
                                        row[2 * tx] = relu ? max(a, 0) : a
                                        if 2 * tx + 1 < w { row[2 * tx + 1] = relu ? max(b, 0) : b }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            count = outputs * h * w
        }
        return Tensor(channels: outputs, height: h, width: w, values: output)
    }
}

/// Memory for a Winograd convolution's transformed input tiles and products, grown as needed and reused
/// across the layers of a forward pass: fresh buffers of this size (up to 51 MB at 224 × 224) cost page
/// faults on every layer. Used by one forward pass at a time.
public final class WinogradScratch {
    private(set) var input: UnsafeMutablePointer<Float>
    private(set) var products: UnsafeMutablePointer<Float>
    private var capacities = (input: 0, products: 0)

    public init() {
        input = .allocate(capacity: 1)
        products = .allocate(capacity: 1)
    }

    func reserve(input needed: Int, products neededProducts: Int) {
        if needed > capacities.input { input.deallocate(); input = .allocate(capacity: needed); capacities.input = needed }
        if neededProducts > capacities.products {
            products.deallocate(); products = .allocate(capacity: neededProducts); capacities.products = neededProducts
        }
    }

    deinit { input.deallocate(); products.deallocate() }
}
