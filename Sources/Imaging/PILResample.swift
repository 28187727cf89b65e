/// Pillow's `Image.resize` on 8-bit images, integer for integer: the reference pipelines' resize.
/// - `bilinear`: Resample.c's separable convolution with the triangle filter widened by the reduction
///   factor (antialiasing), coefficients in 22-bit fixed point, horizontal pass first, each pass
///   rounded and clipped to 8 bits — what torchvision's `Resize` does to a PIL image.
/// - `nearest`: Geometry.c's scale-affine mapping (pixel centres, positions accumulated in double) — what
///   `keras.utils.load_img(target_size=…)` does by default.
/// Channels are interleaved and resampled independently, as Pillow does for L and RGB.
public enum PILResample {
    /// Pillow's PRECISION_BITS for 8-bit images: 32 − 8 − 2.
    static let precisionBits = 22

    public static func bilinear(_ pixels: [UInt8], width: Int, height: Int, channels: Int, toWidth: Int, toHeight: Int) -> [UInt8] {
        var data = pixels
        var w = width
        if toWidth != width {
            data = pass(data, lines: height, inSize: width, outSize: toWidth, channels: channels, horizontal: true)
            w = toWidth
        }
        if toHeight != height {
            data = pass(data, lines: w, inSize: height, outSize: toHeight, channels: channels, horizontal: false)
        }
        return data
    }

    /// One separable pass over every row (horizontal) or column (vertical).
    private static func pass(_ input: [UInt8], lines: Int, inSize: Int, outSize: Int, channels: Int, horizontal: Bool) -> [UInt8] {
        let (bounds, ksize, coefficients) = fixedPointCoefficients(inSize: inSize, outSize: outSize)
        let outWidth = horizontal ? outSize : lines
        let inWidth = horizontal ? inSize : lines
        var out = [UInt8](repeating: 0, count: (horizontal ? lines * outSize : outSize * lines) * channels)
        let half = 1 << (precisionBits - 1)
        for line in 0..<lines {
            for o in 0..<outSize {
                let (first, count) = bounds[o]
                for c in 0..<channels {
                    var sum = half
                    for k in 0..<count {
                        let i = first + k
                        let index = horizontal ? (line * inWidth + i) * channels + c : (i * inWidth + line) * channels + c
                        sum += Int(input[index]) * coefficients[o * ksize + k]
                    }
                    let value = min(max(sum >> precisionBits, 0), 255)
                    out[(horizontal ? line * outWidth + o : o * outWidth + line) * channels + c] = UInt8(value)
                }
            }
        }
        return out
    }

    /// Resample.c's precompute_coeffs for the bilinear filter, then normalize_coeffs_8bpc: per output
    /// pixel its first input pixel and tap count, and `ksize` fixed-point weights.
    static func fixedPointCoefficients(inSize: Int, outSize: Int) -> (bounds: [(Int, Int)], ksize: Int, coefficients: [Int]) {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = max(scale, 1)
        let support = 1.0 * filterScale
        let ksize = Int(support.rounded(.up)) * 2 + 1
        var bounds = [(Int, Int)]()
        var coefficients = [Int](repeating: 0, count: outSize * ksize)
        let unit = Double(1 << precisionBits)
        for o in 0..<outSize {
            let center = (Double(o) + 0.5) * scale
            let ss = 1.0 / filterScale
            let low = max(Int(center - support + 0.5), 0)
            let count = min(Int(center + support + 0.5), inSize) - low
            var weights = (0..<count).map { x -> Double in
                let t = abs((Double(x + low) - center + 0.5) * ss)
                return t < 1 ? 1 - t : 0
            }
            let total = weights.reduce(0, +)
            if total != 0 { weights = weights.map { $0 / total } }
            for (k, w) in weights.enumerated() {
                coefficients[o * ksize + k] = w < 0 ? Int(-0.5 + w * unit) : Int(0.5 + w * unit)
            }
            bounds.append((low, count))
        }
        return (bounds, ksize, coefficients)
    }

    public static func nearest(_ pixels: [UInt8], width: Int, height: Int, channels: Int, toWidth: Int, toHeight: Int) -> [UInt8] {
        if width == toWidth && height == toHeight { return pixels }
        func positions(_ inSize: Int, _ outSize: Int) -> [Int] {
            let step = Double(inSize) / Double(outSize)
            var position = step * 0.5
            return (0..<outSize).map { _ in
                defer { position += step }
                return position < 0 ? -1 : Int(position)
            }
        }
        let xs = positions(width, toWidth)
        let ys = positions(height, toHeight)
        var out = [UInt8](repeating: 0, count: toWidth * toHeight * channels)
        for (y, yi) in ys.enumerated() where yi >= 0 && yi < height {
            for (x, xi) in xs.enumerated() where xi >= 0 && xi < width {
                for c in 0..<channels { out[(y * toWidth + x) * channels + c] = pixels[(yi * width + xi) * channels + c] }
            }
        }
        return out
    }
}
