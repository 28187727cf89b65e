/// Rows of an embedding of any width, padded with zeros to a whole number of four-float vectors so
/// that every loop over a row is a loop over SIMD vectors without a remainder.
struct PaddedRows: LayoutRows {
    let stride: Int

    init(width: Int) { stride = (width + 3) / 4 * 4 }

    @inline(__always) func measure(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, lane: Int,
        in batch: SampleBatch
    ) -> Float {
        batch.samples[lane] = y
        // Two partial sums: one chain of dependent additions would leave the adder waiting.
        var even = SIMD4<Float>()
        var odd = SIMD4<Float>()
        var d = 0
        while d + 8 <= stride {
            let u = Self.load(x + d) - Self.load(y + d)
            let v = Self.load(x + d + 4) - Self.load(y + d + 4)
            even += u * u
            odd += v * v
            d += 8
        }
        if d < stride {
            let u = Self.load(x + d) - Self.load(y + d)
            even += u * u
        }
        let sum = even + odd
        return (sum[0] + sum[1]) + (sum[2] + sum[3])
    }

    @inline(__always) func measureTail(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, in batch: SampleBatch) -> Float {
        for d in Swift.stride(from: 0, to: stride, by: 4) { Self.store(Self.load(y + d), to: batch.tailCopy + d) }
        return measure(x, batch.tailCopy, lane: 0, in: batch)
    }

    @inline(__always) func moveTail(
        _ y: UnsafeMutablePointer<Float>, from x: UnsafePointer<Float>, batch: SampleBatch,
        rate: Float
    ) {
        let c = batch.coefficients[0]
        for d in Swift.stride(from: 0, to: stride, by: 4) {
            let yd = Self.load(y + d)
            Self.store(yd - Self.clipped(c * (Self.load(x + d) - yd)) * rate, to: y + d)
        }
    }

    /// Vector by vector of the row, the lanes' clipped steps summed in lane order. Mostly no component
    /// can reach the clip: |cᵢ(x_d − yᵢ_d)| ≤ |cᵢ|·|x − yᵢ|, so when cᵢ²·|x − yᵢ|² stays under 15.9 (16 less
    /// a margin for rounding) for every lane, the clip is left out, which changes no bit of the result.
    @inline(__always) func move(_ x: UnsafeMutablePointer<Float>, batch: SampleBatch, lanes: Int, rate: Float) {
        var clipping = false
        for lane in 0..<lanes {
            let c = batch.coefficients[lane]
            clipping = clipping || c * c * batch.distances[lane] > 15.9
        }
        for d in Swift.stride(from: 0, to: stride, by: 4) {
            let xd = Self.load(x + d)
            var step = SIMD4<Float>()
            if clipping {
                for lane in 0..<lanes {
                    step += Self.clipped(batch.coefficients[lane] * (xd - Self.load(batch.samples[lane] + d)))
                }
            } else {
                for lane in 0..<lanes { step += batch.coefficients[lane] * (xd - Self.load(batch.samples[lane] + d)) }
            }
            Self.store(xd + step * rate, to: x + d)
        }
    }

    @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always) private static func store(_ v: SIMD4<Float>, to p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
    }

    @inline(__always) private static func clipped(_ v: SIMD4<Float>) -> SIMD4<Float> {
        let limit = SIMD4<Float>(repeating: 4)
        let high = v.replacing(with: limit, where: v .> limit)
        return high.replacing(with: -limit, where: high .< -limit)
    }
}
