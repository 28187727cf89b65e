import CImageCodecs

extension ImageFormat {
    /// PNG: grey, grey + alpha, RGB, RGBA, palette; 1–16 bits (libpng). Alpha is dropped, as PIL's
    /// `convert` does; samples are scaled to [0, 1] by the bit depth's maximum.
    public static let png = ImageFormat(
        name: "PNG", extensions: ["png"], signature: "the PNG signature",
        sniff: { $0.starts(with: [0x89, 0x50, 0x4E, 0x47]) },
        tailProblem: { tail($0, contains: [0x49, 0x45, 0x4E, 0x44]) ? nil : "is truncated: the PNG has no end chunk (IEND)" },
        decode: { bytes, _ throws(ImageError) in try decodePNG(bytes) })

    static func decodePNG(_ bytes: [UInt8]) throws(ImageError) -> DecodedImage {
        var decoded = litmus_png_image()
        var message = [CChar](repeating: 0, count: 256)
        let status = litmus_png_decode(bytes, bytes.count, UInt64(ImageDecoder.maxPixels), &decoded, &message, message.count)
        if status == -2 { throw .tooLarge(width: Int(decoded.width), height: Int(decoded.height)) }
        guard status == 0 else {
            throw .corrupt(format: "PNG", reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { litmus_png_free(&decoded) }
        let (width, height, channels) = (Int(decoded.width), Int(decoded.height), Int(decoded.channels))
        let count = width * height * channels
        var samples = [Float](repeating: 0, count: count)
        if decoded.bit_depth == 16 {
            let source = decoded.pixels.assumingMemoryBound(to: UInt16.self)
            for i in 0..<count { samples[i] = Float(source[i]) / 65535 }
        } else {
            let source = decoded.pixels.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count { samples[i] = Float(source[i]) / 255 }
        }
        let colour = ["grey", "grey + alpha (alpha dropped)", "RGB", "RGBA (alpha dropped)"][channels - 1]
        return DecodedImage(
            image: dropAlpha(samples, width: width, height: height, channels: channels),
            description: ImageDescription(
                format: "PNG", width: width, height: height, bitDepth: Int(decoded.bit_depth),
                photometric: colour, frames: 1,
                transform: "samples / \(decoded.bit_depth == 16 ? 65535 : 255)"))
    }

    private static func dropAlpha(_ samples: [Float], width: Int, height: Int, channels: Int) -> Image {
        switch channels {
        case 2: return Image(width: width, height: height, channels: 1, pixels: stride(from: 0, to: samples.count, by: 2).map { samples[$0] })
        case 4:
            var rgb = [Float]()
            rgb.reserveCapacity(width * height * 3)
            for i in stride(from: 0, to: samples.count, by: 4) { rgb += [samples[i], samples[i + 1], samples[i + 2]] }
            return Image(width: width, height: height, channels: 3, pixels: rgb)
        default: return Image(width: width, height: height, channels: channels, pixels: samples)
        }
    }
}
