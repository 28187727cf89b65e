/// Why an image file could not be read.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    case unknownFormat
    case corrupt(format: String, reason: String)
    case empty
    case tooLarge(width: Int, height: Int)
    case unsupported(format: String, reason: String)
    /// A reading option (window, frame) the file cannot satisfy.
    case option(String)

    public var description: String {
        switch self {
        case .unknownFormat:
            "not a \(ImageFormat.names) image (the file's first bytes match none"
                + ImageFormat.all.filter(\.trustsExtension).map { "; a \($0.name) file without \($0.signature) must be named .\($0.extensions[0])" }
                .joined()
                + ")"
        case .corrupt(let format, let reason): "the \(format) data cannot be decoded: \(reason)"
        case .empty: "the file is empty"
        case .unsupported(let format, let reason): "this \(format) file cannot be read: \(reason)"
        case .option(let reason): reason
        case .tooLarge(let w, let h):
            "the image is \(w) × \(h) pixels; Litmus reads images of up to \(ImageDecoder.maxPixels / 1_000_000) megapixels (shrink it first)"
        }
    }
}
