/// What an option's value can be read back as, once the template's value has passed validation.
public protocol OptionDecodable: Sendable {
    /// nil when the template value is not of this type (validation rules that out before anything runs).
    init?(option: OptionValue)
    /// The value as a template would write it (the declared default in docs and cache keys).
    var optionValue: OptionValue { get }
}

/// Anything that declares one option of a directive.
public protocol OptionKey: Sendable {
    var spec: OptionSpec { get }
}

extension OptionKey {
    public var name: String { spec.name }
}

/// One option declared once — name, type, default, role, doc — and read back typed:
/// `context.options[Self.maxIterations]` is an `Int`, never a fallback literal.
public struct Option<T: OptionDecodable>: OptionKey {
    public let spec: OptionSpec
    /// The declared default: what a validated step holds when the template leaves the option out.
    public let defaultValue: T

    public init(_ name: String, _ type: OptionType, default value: T, role: OptionRole = .analysis, doc: String) {
        let written = value.optionValue
        spec = OptionSpec(
            name, type, default: written == .null ? nil : written, role: role, doc: doc,
            decodes: { T(option: $0) != nil })
        defaultValue = value
    }

    /// An option that may be left out and then has no value.
    public init<W>(_ name: String, _ type: OptionType, role: OptionRole = .analysis, doc: String) where T == W? {
        self.init(name, type, default: nil, role: role, doc: doc)
    }
}

/// A closed set of names an option takes, as an enum: `Option<Metric>("metric", default: .euclidean, …)`.
public protocol OptionChoice: OptionDecodable, RawRepresentable, CaseIterable where RawValue == String {}

extension OptionChoice {
    public init?(option: OptionValue) {
        guard case .string(let text) = option else { return nil }
        self.init(rawValue: text)
    }
    public var optionValue: OptionValue { .string(rawValue) }
}

extension Option where T: OptionChoice {
    public init(_ name: String, default value: T, role: OptionRole = .analysis, doc: String) {
        self.init(name, .choice(T.allCases.map(\.rawValue)), default: value, role: role, doc: doc)
    }
}

/// An option that names another step's value (`input: pca.embedding`), an input file or an input folder.
/// Its value is not an option value but what it names: `context.value(Self.input)`, `context.file(Self.path)`.
public struct InputOption: OptionKey {
    public let spec: OptionSpec

    public static func reference(_ name: String, accepts kinds: [ValueKind], required: Bool = false, doc: String) -> InputOption {
        InputOption(spec: OptionSpec(name, .reference(accepts: kinds), required: required, doc: doc))
    }

    public static func references(_ name: String, accepts kinds: [ValueKind], required: Bool = false, doc: String) -> InputOption {
        InputOption(spec: OptionSpec(name, .list(.reference(accepts: kinds)), required: required, doc: doc))
    }

    public static func file(_ name: String, extensions: [String], required: Bool = false, doc: String) -> InputOption {
        InputOption(spec: OptionSpec(name, .inputFile(extensions: extensions), required: required, doc: doc))
    }

    /// A file name inside the report's `data/` folder (read as a string).
    public static func outputFile(_ name: String, extensions: [String], doc: String) -> InputOption {
        InputOption(spec: OptionSpec(name, .outputFile(extensions: extensions), required: true, doc: doc))
    }
}

// MARK: Values options hold

extension Int: OptionDecodable {
    public init?(option: OptionValue) {
        guard case .int(let i) = option else { return nil }
        self = i
    }
    public var optionValue: OptionValue { .int(self) }
}

extension Double: OptionDecodable {
    public init?(option: OptionValue) {
        switch option {
        case .int(let i): self = Double(i)
        case .double(let d): self = d
        default: return nil
        }
    }
    public var optionValue: OptionValue { .double(self) }
}

extension Bool: OptionDecodable {
    public init?(option: OptionValue) {
        guard case .bool(let b) = option else { return nil }
        self = b
    }
    public var optionValue: OptionValue { .bool(self) }
}

extension String: OptionDecodable {
    /// Text, or a number or boolean as written (a label named `1`).
    public init?(option: OptionValue) {
        switch option {
        case .string(let s): self = s
        case .int, .double, .bool: self = option.display
        default: return nil
        }
    }
    public var optionValue: OptionValue { .string(self) }
}

extension Optional: OptionDecodable where Wrapped: OptionDecodable {
    public init?(option: OptionValue) {
        if case .null = option {
            self = nil
            return
        }
        guard let value = Wrapped(option: option) else { return nil }
        self = .some(value)
    }
    public var optionValue: OptionValue { self?.optionValue ?? .null }
}

extension Array: OptionDecodable where Element: OptionDecodable {
    /// A list, or one value standing for a list of one.
    public init?(option: OptionValue) {
        if case .list(let items) = option {
            var elements = [Element]()
            for item in items {
                guard let element = Element(option: item.value) else { return nil }
                elements.append(element)
            }
            self = elements
        } else if let one = Element(option: option) {
            self = [one]
        } else {
            return nil
        }
    }
    public var optionValue: OptionValue { .list(map { Located($0.optionValue, at: SourceLocation(file: "", line: 0, column: 0)) }) }
}

extension OptionValue: OptionDecodable {
    /// The value as written, for options whose structure the directive reads itself (`groups`).
    public init?(option: OptionValue) { self = option }
    public var optionValue: OptionValue { self }
}

extension OptionSpec {
    /// The specs of declared options, in order: `var options: [OptionSpec] { OptionSpec.of([Self.input, Self.n]) }`.
    public static func of(_ keys: [any OptionKey]) -> [OptionSpec] { keys.map(\.spec) }
}
