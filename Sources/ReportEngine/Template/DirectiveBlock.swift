/// A fenced block ```` ```{name #id} ```` with its YAML options, as written in the template.
public struct DirectiveBlock: Sendable, Equatable {
    public let name: Located<String>
    /// The id written after `#`, if any.
    public let explicitID: Located<String>?
    /// The id steps and cross-references use: the explicit one, else `name-N` (N-th block of that name).
    public let id: String
    /// Where the block starts (the opening fence).
    public let location: SourceLocation
    public let options: [OptionValue.MapEntry]

    /// The option named `key`, if written.
    public func option(_ key: String) -> OptionValue.MapEntry? {
        options.first { $0.key == key }
    }
}
