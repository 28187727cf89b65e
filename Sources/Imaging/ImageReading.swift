/// How a DICOM file becomes a grey image: which window (or VOI LUT) and which frame. PNG and JPEG
/// ignore it.
public struct ImageReading: Sendable, Hashable {
    public enum Window: Sendable, Hashable {
        /// The file's first window, else its first VOI LUT, else the image's own minimum…maximum.
        case first
        /// The n-th (1-based) window of the file, or its n-th VOI LUT when it has no windows.
        case number(Int)
        /// No VOI transform: the whole range of the stored values (through the modality transform).
        case none
        /// The image's own minimum…maximum, whatever windows the file has.
        case range
    }

    public var window: Window
    /// 1-based.
    public var frame: Int

    public init(window: Window = .first, frame: Int = 1) {
        (self.window, self.frame) = (window, frame)
    }

    /// The option's spelling: `first`, `none`, `range` or a number.
    public init?(window text: String, frame: Int = 1) {
        guard let window = Window(text) else { return nil }
        self.init(window: window, frame: frame)
    }

    /// The cache-key spelling (`first`, `3`, …) and frame: part of what a feature vector depends on.
    public var key: String { "window \(window) frame \(frame)" }
}

extension ImageReading.Window: CustomStringConvertible {
    /// `first`, `none`, `range` or a number ≥ 1.
    public init?(_ text: String) {
        switch text {
        case "first": self = .first
        case "none": self = .none
        case "range": self = .range
        default:
            guard let n = Int(text), n >= 1 else { return nil }
            self = .number(n)
        }
    }

    /// The option's spelling.
    public var description: String {
        switch self {
        case .first: "first"
        case .number(let n): String(n)
        case .none: "none"
        case .range: "range"
        }
    }
}

/// What a file held and what was done to it: `litmus inspect`'s report.
public struct ImageDescription: Sendable, Equatable {
    /// "PNG", "JPEG", or "DICOM (transfer syntax)".
    public let format: String
    public let width: Int
    public let height: Int
    public let bitDepth: Int
    /// DICOM's Photometric Interpretation, or the PNG/JPEG colour type (grey, RGB, …).
    public let photometric: String
    public let frames: Int
    /// The steps from stored values to [0, 1], e.g. "rescale slope 1, intercept -1024; window centre 40, width 400".
    public let transform: String
}

/// A decoded image and its description.
public struct DecodedImage: Sendable {
    public let image: Image
    public let description: ImageDescription
}
