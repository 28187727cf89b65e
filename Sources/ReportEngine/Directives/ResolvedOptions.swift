/// A directive's options after validation: every declared option with its written or default value.
public struct ResolvedOptions: Sendable {
    /// Values by name; options left out without a default are absent.
    public let values: [String: OptionValue]

    public init(_ values: [String: OptionValue]) { self.values = values }

    public subscript(name: String) -> OptionValue? {
        if let v = values[name], v != .null { return v }
        return nil
    }

    public func int(_ name: String) -> Int? {
        if case .int(let i) = self[name] { return i }
        return nil
    }

    public func double(_ name: String) -> Double? {
        switch self[name] {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    public func bool(_ name: String) -> Bool? {
        if case .bool(let b) = self[name] { return b }
        return nil
    }

    public func string(_ name: String) -> String? {
        switch self[name] {
        case .string(let s): s
        case .int, .double, .bool: self[name]?.display
        default: nil
        }
    }

    /// A string or a list of strings, as a list.
    public func strings(_ name: String) -> [String]? {
        switch self[name] {
        case .list(let items): items.compactMap { if case .string(let s) = $0.value { s } else { $0.value.display } }
        case .some: string(name).map { [$0] }
        case nil: nil
        }
    }

    public func numbers(_ name: String) -> [Double]? {
        switch self[name] {
        case .list(let items): items.compactMap { v -> Double? in
            switch v.value { case .int(let i): Double(i); case .double(let d): d; default: nil } }
        case .some: double(name).map { [$0] }
        case nil: nil
        }
    }
}
