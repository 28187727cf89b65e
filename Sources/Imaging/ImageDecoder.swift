import CImageCodecs
import CTurboJPEG
import Foundation

/// Reads PNG (grey, grey + alpha, RGB, RGBA, palette; 1–16 bits), JPEG (grey, colour) and DICOM images
/// (through GDCM: every transfer syntax it decodes, then the grayscale pipeline of DICOMDecoder).
/// Alpha is dropped, as PIL's `convert` does; samples are scaled to [0, 1] by the format's maximum.
public enum ImageDecoder {
    /// The largest image read (width × height): far above any radiograph, and it bounds the memory a
    /// file's header can ask for (the fuzzer found a JPEG header asking for 4 GB).
    public static let maxPixels = 100_000_000

    public static func decode(_ data: Data, reading: ImageReading = ImageReading(), assumeDICOM: Bool = false) throws(ImageError) -> Image {
        try decodeDescribed(data, reading: reading, assumeDICOM: assumeDICOM).image
    }

    /// Reads a file; a `.dcm` name lets a DICOM file without the preamble through.
    public static func decode(contentsOf url: URL, reading: ImageReading = ImageReading()) throws -> DecodedImage {
        try decodeDescribed(try Data(contentsOf: url), reading: reading, assumeDICOM: url.pathExtension.lowercased() == "dcm")
    }

    /// The image and what was read: format, size, bits, photometric interpretation, the transform applied.
    public static func decodeDescribed(_ data: Data, reading: ImageReading = ImageReading(), assumeDICOM: Bool = false) throws(ImageError)
        -> DecodedImage
    {
        let bytes = [UInt8](data)
        guard !bytes.isEmpty else { throw .empty }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return try png(bytes) }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return try jpeg(bytes) }
        if hasDICOMPreamble(bytes) || assumeDICOM { return try DICOMDecoder.decode(bytes, reading: reading) }
        throw .unknownFormat
    }

    /// `DICM` after the 128-byte preamble (PS3.10 7.1).
    public static func hasDICOMPreamble(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 132 && bytes[128..<132].elementsEqual([0x44, 0x49, 0x43, 0x4D])
    }

    private static func png(_ bytes: [UInt8]) throws(ImageError) -> DecodedImage {
        var decoded = litmus_png_image()
        var message = [CChar](repeating: 0, count: 256)
        let status = litmus_png_decode(bytes, bytes.count, UInt64(maxPixels), &decoded, &message, message.count)
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

    private static func jpeg(_ bytes: [UInt8]) throws(ImageError) -> DecodedImage {
        guard let handle = tjInitDecompress() else { throw .corrupt(format: "JPEG", reason: "TurboJPEG could not start") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        var source = bytes
        guard tjDecompressHeader3(handle, &source, UInt(bytes.count), &width, &height, &subsampling, &colorspace) == 0 else {
            throw .corrupt(format: "JPEG", reason: String(cString: tjGetErrorStr2(handle)))
        }
        guard Int(width) * Int(height) <= maxPixels else { throw .tooLarge(width: Int(width), height: Int(height)) }
        let grey = colorspace == Int32(TJCS_GRAY.rawValue)
        let channels = grey ? 1 : 3
        var output = [UInt8](repeating: 0, count: Int(width) * Int(height) * channels)
        let format = grey ? Int32(TJPF_GRAY.rawValue) : Int32(TJPF_RGB.rawValue)
        let status = tjDecompress2(handle, &source, UInt(bytes.count), &output, width, 0, height, format, 0)
        // A warning (e.g. premature end of data in a truncated file) is still a failure here: never
        // analyse half an image.
        guard status == 0 else { throw .corrupt(format: "JPEG", reason: String(cString: tjGetErrorStr2(handle))) }
        return DecodedImage(
            image: Image(width: Int(width), height: Int(height), channels: channels, pixels: output.map { Float($0) / 255 }),
            description: ImageDescription(
                format: "JPEG", width: Int(width), height: Int(height), bitDepth: 8,
                photometric: grey ? "grey" : "colour (YCbCr decoded to RGB)", frames: 1,
                transform: "samples / 255"))
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
