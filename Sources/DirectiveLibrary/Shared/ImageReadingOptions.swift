import Imaging
import ReportEngine

/// `window` and `frame`: how a DICOM file becomes the grey image a step starts from. Declared once for
/// every directive that decodes images (features, grid); `gradcam` takes them from its `features` step.
enum ImageReadingOptions {
    /// The defaults are ImageReading's own.
    static let defaults = ImageReading()

    static func window(role: OptionRole) -> Option<ImageReading.Window> {
        Option(
            "window", .oneOf([.choice(["first", "none", "range"]), .int(1...1000)]), default: defaults.window, role: role,
            doc: "DICOM: `first` (the file's first window, else its first VOI LUT, else the image's min–max), "
                + "a window number (1-based), `none` (the whole stored range) or `range` (the image's min–max); PNG and JPEG ignore it")
    }

    static func frame(role: OptionRole) -> Option<Int> {
        Option("frame", .int(1...10_000), default: defaults.frame, role: role, doc: "DICOM: the frame of a multi-frame file (1-based)")
    }

    static func keys(role: OptionRole = .analysis) -> [any OptionKey] { [window(role: role), frame(role: role)] }

    static func reading(_ options: ResolvedOptions) -> ImageReading {
        ImageReading(window: options[window(role: .analysis)], frame: options[frame(role: .analysis)])
    }
}

extension ImageReading.Window: OptionDecodable, ResultValue {
    public init?(option: OptionValue) {
        switch option {
        case .int(let n): self.init(String(n))
        case .string(let text): self.init(text)
        default: return nil
        }
    }

    /// A window number as a number, a name as text (as the template writes them).
    public var optionValue: OptionValue { if case .number(let n) = self { .int(n) } else { .string(description) } }

    /// A number or a name.
    public static var shape: ValueShape { .unknown }
    public var value: Value { if case .number(let n) = self { .int(n) } else { .string(description) } }
    public init?(value: Value) {
        switch value {
        case .int(let n): self.init(String(n))
        case .string(let text): self.init(text)
        default: return nil
        }
    }
}

extension Preprocessing: OptionDecodable, OptionChoice, ResultValue {
    public static var shape: ValueShape { .string }
    public var value: Value { .string(rawValue) }
    public init?(value: Value) {
        guard case .string(let s) = value else { return nil }
        self.init(rawValue: s)
    }
}
