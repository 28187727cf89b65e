/// A directive's options after validation: every declared option with its written or default value.
public struct ResolvedOptions: Sendable {
    /// Values by name; options left out without a default are absent.
    public let values: [String: OptionValue]

    public init(_ values: [String: OptionValue]) { self.values = values }

    /// The option's value, typed; its declared default when the template left it out.
    public subscript<T>(_ option: Option<T>) -> T {
        values[option.name].flatMap(T.init(option:)) ?? option.defaultValue
    }

    /// The value as written (for options given either as a value or as a reference, and for messages).
    public subscript(name: String) -> OptionValue? {
        if let v = values[name], v != .null { return v }
        return nil
    }

    /// The option's text as written: `pca.components[0]` for a reference.
    public func written(_ option: some OptionKey) -> String? { self[option.name]?.display }

    /// Each element of a list option as written (`[comp1.accuracy, opt1.n_clusters]`); one value as a list of one.
    public func writtenEach(_ option: some OptionKey) -> [String] {
        switch self[option.name] {
        case .list(let items)?: items.map(\.value.display)
        case let value?: [value.display]
        case nil: []
        }
    }
}
