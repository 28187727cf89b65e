/// Rows of a two-dimensional embedding: two floats, every step written out for both components, the
/// lanes of a batch as two vectors.
struct PlaneRows: LayoutRows {
    var stride: Int { 2 }

    @inline(__always) func measure(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, lane: Int,
        in batch: SampleBatch
    ) -> Float {
        let dx = x[0] - y[0]
        let dy = x[1] - y[1]
        batch.dx[lane] = dx
        batch.dy[lane] = dy
        return dx * dx + dy * dy
    }

    @inline(__always) func measureTail(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, in batch: SampleBatch) -> Float {
        measure(x, y, lane: 0, in: batch)
    }

    @inline(__always) func moveTail(
        _ y: UnsafeMutablePointer<Float>, from x: UnsafePointer<Float>, batch: SampleBatch,
        rate: Float
    ) {
        let c = batch.coefficients[0]
        y[0] -= clip(c * batch.dx[0]) * rate
        y[1] -= clip(c * batch.dy[0]) * rate
    }

    /// All lanes at once (unused ones have coefficient zero), summed pairwise in a fixed order.
    @inline(__always) func move(_ x: UnsafeMutablePointer<Float>, batch: SampleBatch, lanes: Int, rate: Float) {
        let c = Self.load(batch.coefficients)
        let gx = Self.clipped(c * Self.load(batch.dx))
        let gy = Self.clipped(c * Self.load(batch.dy))
        x[0] += Self.sum(gx) * rate
        x[1] += Self.sum(gy) * rate
    }

    @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) private static func clipped(_ v: SIMD8<Float>) -> SIMD8<Float> {
        let limit = SIMD8<Float>(repeating: 4)
        let high = v.replacing(with: limit, where: v .> limit)
        return high.replacing(with: -limit, where: high .< -limit)
    }

    @inline(__always) private static func sum(_ v: SIMD8<Float>) -> Float {
        let half = v.lowHalf + v.highHalf
        let quarter = half.lowHalf + half.highHalf
        return quarter[0] + quarter[1]
    }
}
