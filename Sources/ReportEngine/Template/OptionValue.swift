/// A value written in a template's YAML (a directive option, a front-matter field), with its position.
public indirect enum OptionValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Located<OptionValue>])
    case map([MapEntry])

    public struct MapEntry: Sendable, Equatable {
        public let key: String
        public let keyLocation: SourceLocation
        public let value: Located<OptionValue>
    }

    /// A name for the kind of value, for error messages.
    public var kindName: String {
        switch self {
        case .null: "nothing (null)"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .list: "a list"
        case .map: "a mapping"
        }
    }

    /// A canonical text form: stable across runs, independent of source positions (used in cache keys).
    public var canonical: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): d.rounded() == d && abs(d) < 1e15 ? "\(Int(d)).0" : "\(d)"
        case .string(let s): "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .list(let items): "[" + items.map(\.value.canonical).joined(separator: ",") + "]"
        case .map(let entries):
            "{"
                + entries.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value.value.canonical)" }
                .joined(separator: ",") + "}"
        }
    }

    /// The value written as YAML would show it to a user.
    public var display: String {
        switch self {
        case .string(let s): s
        default: canonical
        }
    }
}

/// A value and where it was written.
public struct Located<Wrapped: Sendable & Equatable>: Sendable, Equatable {
    public let value: Wrapped
    public let location: SourceLocation

    public init(_ value: Wrapped, at location: SourceLocation) {
        (self.value, self.location) = (value, location)
    }
}
