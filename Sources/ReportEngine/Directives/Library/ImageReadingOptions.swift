import Imaging

/// `window` and `frame`: how a DICOM file becomes the grey image a step starts from. Declared once for
/// every directive that decodes images (features, grid); `gradcam` takes them from its `features` step.
enum ImageReadingOptions {
    static func specs(role: OptionRole = .analysis) -> [OptionSpec] {
        let window = OptionSpec("window", .oneOf([.choice(["first", "none", "range"]), .int(1...1000)]), default: .string("first"), role: role,
                                doc: "DICOM: `first` (the file's first window, else its first VOI LUT, else the image's min–max), "
                                    + "a window number (1-based), `none` (the whole stored range) or `range` (the image's min–max); PNG and JPEG ignore it")
        let frame = OptionSpec("frame", .int(1...10_000), default: .int(1), role: role, doc: "DICOM: the frame of a multi-frame file (1-based)")
        return [window, frame]
    }

    static func reading(_ options: ResolvedOptions) -> ImageReading {
        let frame = options.int("frame") ?? 1
        switch options["window"] {
        case .int(let n)?: return ImageReading(window: .number(n), frame: frame)
        case .string(let text)?: return ImageReading(window: text, frame: frame) ?? ImageReading(frame: frame)
        default: return ImageReading(frame: frame)
        }
    }

    /// The result fields that carry the reading to steps that decode the same images again.
    static func fields(_ reading: ImageReading) -> [Record.Field] {
        let window: Value = switch reading.window {
        case .first: .string("first")
        case .number(let n): .int(n)
        case .none: .string("none")
        case .range: .string("range")
        }
        return [.init("window", window), .init("frame", .int(reading.frame))]
    }

    static func reading(_ record: Record) -> ImageReading {
        let frame = record["frame"]?.number.map { Int($0) } ?? 1
        switch record["window"] {
        case .int(let n)?: return ImageReading(window: .number(n), frame: frame)
        case .string(let text)?: return ImageReading(window: text, frame: frame) ?? ImageReading(frame: frame)
        default: return ImageReading(frame: frame)
        }
    }
}
