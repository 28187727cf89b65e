/// One image format Litmus reads, declared once: how its files are named and recognised, a quick check
/// that a file is whole, and its decoder. The decoder, a dataset folder's catalogue and the error texts
/// read the formats from `ImageFormat.all`: a new format is a file declaring it plus one line there.
public struct ImageFormat: Sendable {
    /// How messages name it: `PNG`.
    public let name: String
    /// File extensions, lower case, without the dot.
    public let extensions: [String]
    /// What its files start with, for messages: "the `DICM` preamble".
    public let signature: String
    /// Whether the first `ImageFormat.headLength` bytes (or fewer, for a short file) start a file of it.
    public let sniff: @Sendable ([UInt8]) -> Bool
    /// Whether a file of another extension, or none, still counts as an image when it sniffs as this
    /// format (archives name DICOM files without an extension).
    public let foundByContent: Bool
    /// Whether a file with one of `extensions` is read as this format even when it does not sniff as
    /// one (a DICOM file without its preamble).
    public let trustsExtension: Bool
    /// Why a file is not whole, from its last KB, or nil; nil for a format checked only when decoded.
    public let tailProblem: (@Sendable ([UInt8]) -> String?)?
    /// The image and what was read.
    public let decode: @Sendable ([UInt8], ImageReading) throws(ImageError) -> DecodedImage

    public init(
        name: String, extensions: [String], signature: String, sniff: @escaping @Sendable ([UInt8]) -> Bool,
        foundByContent: Bool = false, trustsExtension: Bool = false, tailProblem: (@Sendable ([UInt8]) -> String?)?,
        decode: @escaping @Sendable ([UInt8], ImageReading) throws(ImageError) -> DecodedImage
    ) {
        (self.name, self.extensions, self.signature, self.sniff) = (name, extensions, signature, sniff)
        (self.foundByContent, self.trustsExtension, self.tailProblem, self.decode) = (foundByContent, trustsExtension, tailProblem, decode)
    }
}

extension ImageFormat {
    /// Every format Litmus reads, in the order files are sniffed.
    public static let all: [ImageFormat] = [.png, .jpeg, .dicom]

    /// Bytes read from a file's start to sniff it: enough for DICOM's 128-byte preamble and `DICM`.
    public static let headLength = 132

    /// The format whose signature the bytes start with.
    public static func sniffed(_ head: [UInt8]) -> ImageFormat? { all.first { $0.sniff(head) } }

    /// The format a file extension names (any case).
    public static func named(byExtension ext: String) -> ImageFormat? {
        let ext = ext.lowercased()
        return all.first { $0.extensions.contains(ext) }
    }

    /// Every extension of every format.
    public static var allExtensions: Set<String> { Set(all.flatMap(\.extensions)) }

    /// "PNG, JPEG or DICOM".
    public static var names: String {
        let names = all.map(\.name)
        return names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// Whether `tail` (a file's last bytes) holds `marker`.
    static func tail(_ tail: [UInt8], contains marker: [UInt8]) -> Bool {
        tail.count >= marker.count && (0...(tail.count - marker.count)).contains { tail[$0..<($0 + marker.count)].elementsEqual(marker) }
    }
}
