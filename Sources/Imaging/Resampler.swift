/// Resizing with a triangle (bilinear) filter widened by the reduction factor when shrinking — the
/// antialiased resampling of PIL's `Image.resize(..., BILINEAR)` — in Float, separably (rows, then columns).
public struct Resampler: Sendable {
    public init() {}

    public func resize(_ image: Image, width: Int, height: Int) -> Image {
        precondition(width > 0 && height > 0)
        let horizontal = Self.weights(input: image.width, output: width)
        let vertical = Self.weights(input: image.height, output: height)
        let c = image.channels
        // Rows first: height_in × width_out.
        var rows = [Float](repeating: 0, count: image.height * width * c)
        for y in 0..<image.height {
            for x in 0..<width {
                let (start, taps) = horizontal[x]
                for ch in 0..<c {
                    var sum: Float = 0
                    for (k, w) in taps.enumerated() { sum += w * image.pixels[(y * image.width + start + k) * c + ch] }
                    rows[(y * width + x) * c + ch] = sum
                }
            }
        }
        var out = [Float](repeating: 0, count: height * width * c)
        for y in 0..<height {
            let (start, taps) = vertical[y]
            for x in 0..<width {
                for ch in 0..<c {
                    var sum: Float = 0
                    for (k, w) in taps.enumerated() { sum += w * rows[((start + k) * width + x) * c + ch] }
                    out[(y * width + x) * c + ch] = sum
                }
            }
        }
        return Image(width: width, height: height, channels: c, pixels: out)
    }

    /// Per output pixel: the first input pixel and the normalised filter weights (PIL's `precompute_coeffs`).
    static func weights(input: Int, output: Int) -> [(Int, [Float])] {
        let scale = Double(input) / Double(output)
        let filterScale = max(scale, 1)
        let support = 1.0 * filterScale  // the triangle filter's support is 1
        return (0..<output).map { i in
            let center = (Double(i) + 0.5) * scale
            let low = max(Int(center - support + 0.5), 0)
            let high = min(Int(center + support + 0.5), input)
            var taps = (low..<high).map { x -> Double in
                let t = abs((Double(x) - center + 0.5) / filterScale)
                return t < 1 ? 1 - t : 0
            }
            let total = taps.reduce(0, +)
            if total != 0 { taps = taps.map { $0 / total } }
            return (low, taps.map(Float.init))
        }
    }
}
