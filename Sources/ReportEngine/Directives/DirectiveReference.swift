/// The reference text of directives and their options, generated from the registry (for
/// `litmus directives` and docs/directives.md).
public struct DirectiveReference: Sendable {
    public let registry: DirectiveRegistry

    public init(registry: DirectiveRegistry) { self.registry = registry }

    /// Markdown: one section per directive, a table of its options.
    public func markdown(only name: String? = nil) -> String {
        let chosen = registry.directives.filter { name == nil || $0.name == name }
        return chosen.map(section).joined(separator: "\n")
    }

    private func section(_ directive: any Directive) -> String {
        var lines = [
            "## `\(directive.name)`", "",
            directive.summary, "",
            "Output: \(directive.output.rawValue)." + (directive.isRandom ? " Uses the seed." : ""), "",
            "| option | type | default | role | description |",
            "| --- | --- | --- | --- | --- |",
        ]
        for spec in registry.options(of: directive) {
            let defaultText = spec.required ? "required" : (spec.defaultValue.map { "`\($0.display)`" } ?? "—")
            let role = switch spec.role { case .analysis: "analysis"; case .presentation: "presentation"; case .execution: "execution" }
            lines.append("| `\(spec.name)` | \(spec.type.summary.replacingOccurrences(of: "|", with: "\\|")) | \(defaultText) | \(role) | \(spec.doc) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
