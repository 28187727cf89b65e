/// The directives a render can use, built once at start-up and passed down (no global registry).
public struct DirectiveRegistry: Sendable {
    public let directives: [any Directive]

    public init(_ directives: [any Directive]) {
        self.directives = directives.sorted { $0.name < $1.name }
    }

    public func directive(named name: String) -> (any Directive)? {
        directives.first { $0.name == name }
    }

    public var names: [String] { directives.map(\.name) }

    /// A directive's own options followed by the common ones.
    public func options(of directive: any Directive) -> [OptionSpec] {
        directive.options + CommonOptions.specs(for: directive)
    }
}

/// Options every directive takes.
public enum CommonOptions {
    public static func show(default shown: Bool) -> Option<Bool> {
        Option("show", .bool, default: shown, role: .document, doc: "insert the directive's output in the document")
    }
    public static let caption = Option<String?>("caption", .string, role: .document, doc: "caption of the figure or table (Markdown)")

    static func specs(for directive: any Directive) -> [OptionSpec] {
        [show(default: directive.shownByDefault).spec, caption.spec]
    }
}
