/// Why an image file could not be read.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    case unknownFormat
    case corrupt(format: String, reason: String)
    case empty
    case tooLarge(width: Int, height: Int)

    public var description: String {
        switch self {
        case .unknownFormat: "not a PNG or JPEG image (the file's first bytes match neither)"
        case .corrupt(let format, let reason): "the \(format) data cannot be decoded: \(reason)"
        case .empty: "the file is empty"
        case .tooLarge(let w, let h):
            "the image is \(w) × \(h) pixels; Litmus reads images of up to \(ImageDecoder.maxPixels / 1_000_000) megapixels (shrink it first)"
        }
    }
}
