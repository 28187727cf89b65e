import Imaging

/// `window` and `frame`: how a DICOM file becomes the grey image a step starts from. Declared once for
/// every directive that decodes images (features, grid); `gradcam` takes them from its `features` step.
enum ImageReadingOptions {
    /// The defaults are ImageReading's own.
    static let defaults = ImageReading()

    static func specs(role: OptionRole = .analysis) -> [OptionSpec] {
        let window = OptionSpec("window", .oneOf([.choice(["first", "none", "range"]), .int(1...1000)]), default: .string("\(defaults.window)"), role: role,
                                doc: "DICOM: `first` (the file's first window, else its first VOI LUT, else the image's min–max), "
                                    + "a window number (1-based), `none` (the whole stored range) or `range` (the image's min–max); PNG and JPEG ignore it")
        let frame = OptionSpec("frame", .int(1...10_000), default: .int(defaults.frame), role: role, doc: "DICOM: the frame of a multi-frame file (1-based)")
        return [window, frame]
    }

    static func reading(_ options: ResolvedOptions) -> ImageReading {
        let window: String? = switch options["window"] {
        case .int(let n)?: String(n)
        case .string(let text)?: text
        default: nil
        }
        return reading(window: window, frame: options.int("frame"))
    }

    /// The result fields that carry the reading to steps that decode the same images again.
    static func fields(_ reading: ImageReading) -> [Record.Field] {
        let window: Value = if case .number(let n) = reading.window { .int(n) } else { .string("\(reading.window)") }
        return [.init("window", window), .init("frame", .int(reading.frame))]
    }

    static func reading(_ record: Record) -> ImageReading {
        let window: String? = switch record["window"] {
        case .int(let n)?: String(n)
        case .string(let text)?: text
        default: nil
        }
        return reading(window: window, frame: record["frame"]?.number.map { Int($0) })
    }

    private static func reading(window: String?, frame: Int?) -> ImageReading {
        ImageReading(window: window.flatMap(ImageReading.Window.init) ?? defaults.window, frame: frame ?? defaults.frame)
    }
}
