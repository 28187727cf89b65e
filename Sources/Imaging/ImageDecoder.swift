import Foundation

/// Reads an image in any of `ImageFormat.all` (PNG, JPEG, DICOM): the format its first bytes name, or,
/// for a file whose name it trusts (a `.dcm` without the DICOM preamble), the format its extension names.
/// Samples are scaled to [0, 1] by the format's maximum.
public enum ImageDecoder {
    /// The largest image read (width × height): far above any radiograph, and it bounds the memory a
    /// file's header can ask for (the fuzzer found a JPEG header asking for 4 GB).
    public static let maxPixels = 100_000_000

    public static func decode(_ data: Data, reading: ImageReading = ImageReading(), assumeDICOM: Bool = false) throws(ImageError) -> Image {
        try decodeDescribed(data, reading: reading, assumeDICOM: assumeDICOM).image
    }

    /// Reads a file; its extension lets a format that trusts it through (a DICOM file without the preamble).
    public static func decode(contentsOf url: URL, reading: ImageReading = ImageReading()) throws -> DecodedImage {
        let named = ImageFormat.named(byExtension: url.pathExtension).flatMap { $0.trustsExtension ? $0 : nil }
        return try decodeDescribed([UInt8](try Data(contentsOf: url)), reading: reading, named: named)
    }

    /// The image and what was read: format, size, bits, photometric interpretation, the transform applied.
    public static func decodeDescribed(_ data: Data, reading: ImageReading = ImageReading(), assumeDICOM: Bool = false) throws(ImageError)
        -> DecodedImage
    {
        try decodeDescribed([UInt8](data), reading: reading, named: assumeDICOM ? .dicom : nil)
    }

    private static func decodeDescribed(_ bytes: [UInt8], reading: ImageReading, named: ImageFormat?) throws(ImageError) -> DecodedImage {
        guard !bytes.isEmpty else { throw .empty }
        guard let format = ImageFormat.sniffed(bytes) ?? named else { throw .unknownFormat }
        return try format.decode(bytes, reading)
    }
}
