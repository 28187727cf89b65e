/// One option a directive accepts: its type, default, allowed values and a one-line doc.
public struct OptionSpec: Sendable {
    public let name: String
    public let type: OptionType
    /// `nil` with `required == false`: the option may be left out and has no value.
    public let defaultValue: OptionValue?
    public let required: Bool
    public let doc: String
    public let role: OptionRole
    /// Whether a value that fits `type` also reads as the option's Swift type (`Option<T>`): the
    /// validator refuses one that does not, rather than let the directive fall back to the default.
    public let decodes: @Sendable (OptionValue) -> Bool

    public init(
        _ name: String, _ type: OptionType, default defaultValue: OptionValue? = nil, required: Bool = false,
        role: OptionRole = .analysis, doc: String, decodes: @escaping @Sendable (OptionValue) -> Bool = { _ in true }
    ) {
        (self.name, self.type, self.defaultValue, self.required, self.role, self.doc) =
            (name, type, defaultValue, required, role, doc)
        self.decodes = decodes
    }
}

/// Whether an option changes what a step computes (and so its cache key) or only how it is shown.
public enum OptionRole: String, Sendable {
    /// Part of the step's cache key.
    case analysis
    /// Never part of an analysis key: captions, sizes, colours. A figure is redrawn, nothing recomputed.
    case presentation
    /// How the work is done (batch size), never what it gives: part of no key.
    case execution
    /// Where the output goes in the document and what it is called (`show`, `caption`): part of no key,
    /// not even a figure's.
    case document
}

/// The type of an option value, checked before anything runs.
public indirect enum OptionType: Sendable {
    case int(ClosedRange<Int>?)
    case number(ClosedRange<Double>?)
    /// A number strictly between 0 and 1.
    case fraction
    /// A range of whole numbers `2..30` (or one number), both ends within the bounds: `IntRange`.
    case range(ClosedRange<Int>)
    case bool
    case string
    case choice([String])
    /// The id of another step, optionally followed by fields: `pca`, `pca.embedding`.
    case reference(accepts: [ValueKind])
    /// An input file relative to the template's folder; its content hash enters the cache key.
    case inputFile(extensions: [String])
    /// An input folder relative to the template's folder; the content of every file in it enters the key.
    case inputFolder
    /// A mapping from names to values of one type (e.g. groups of labels).
    case mapping(OptionType)
    /// A file name inside the report's `data/` folder.
    case outputFile(extensions: [String])
    case list(OptionType)
    /// The first alternative that matches.
    case oneOf([OptionType])

    /// How the type reads in docs and messages.
    public var summary: String {
        switch self {
        case .int(let range): "integer" + (range.map { " in \($0.lowerBound)…\($0.upperBound == Int.max ? "∞" : String($0.upperBound))" } ?? "")
        case .number(let range):
            "number" + (range.map { " in [\(ValueFormatter.compact($0.lowerBound)), \(ValueFormatter.compact($0.upperBound))]" } ?? "")
        case .fraction: "number strictly between 0 and 1"
        case .range(let bounds):
            "a range `a..b` or one number, within \(bounds.lowerBound)…\(bounds.upperBound == Int.max ? "∞" : String(bounds.upperBound))"
        case .bool: "true or false"
        case .string: "text"
        case .choice(let values): "one of " + values.map { "`\($0)`" }.joined(separator: ", ")
        case .reference(let kinds): "id of " + kinds.map(\.article).joined(separator: " or ")
        case .inputFile(let ext): "path to a " + ext.map { ".\($0)" }.joined(separator: "/") + " file"
        case .inputFolder: "path to a folder"
        case .mapping(let element): "mapping of names to " + element.summary
        case .outputFile(let ext): "file name (" + ext.map { ".\($0)" }.joined(separator: ", ") + ") in data/"
        case .list(let element): "list of " + element.summary
        case .oneOf(let types): types.map(\.summary).joined(separator: ", or ")
        }
    }
}
