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
            "Output: \(directive.output.rawValue)." + (directive.isRandom ? " Uses the seed." : "")
                + ((directive as? any ShardedDirective).map { " Shards by \($0.shardUnit) with `--executor slurm`." } ?? ""), "",
            "| option | type | default | role | description |",
            "| --- | --- | --- | --- | --- |",
        ]
        for spec in registry.options(of: directive) {
            let defaultText = spec.required ? "required" : (spec.defaultValue.map { "`\($0.display)`" } ?? "—")
            let role = spec.role.rawValue
            lines.append("| `\(spec.name)` | \(Self.cell(spec.type.summary)) | \(defaultText) | \(role) | \(spec.doc) |")
        }
        lines += resultLines(directive)
        if !directive.methods.isEmpty {
            lines += ["", "Functions for inline expressions:", ""]
            lines += directive.methods.map { "- `\($0.signature)` → \($0.returns.summary): \($0.doc)" }
        }
        if !directive.builtOn.isEmpty {
            lines += [
                "",
                "Its results follow the implementation of " + directive.builtOn.map { "`\($0.name)`" }.joined(separator: ", ")
                    + " (their versions are in its cache key).",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The result's fields, as `litmus check` knows them.
    private func resultLines(_ directive: any Directive) -> [String] {
        switch directive.resultShape {
        case .nothing:
            return ["", "Result: none (the output is all it gives)."]
        case .unknown:
            return ["", "Result: a matrix or labels, as the file holds."]
        case .record(let fields, let primary, let others):
            var lines = [
                "", "Result fields" + (primary.map { " (`\($0)` stands for the whole where one value is wanted)" } ?? "") + ":", "",
                "| field | kind | description |", "| --- | --- | --- |",
            ]
            lines += fields.map { "| `\($0.name)` | \(Self.cell($0.shape.summary)) | \($0.doc) |" }
            if let others { lines.append("| *(others)* | \(Self.cell(others.summary)) | named at run time |") }
            return lines
        case let shape:
            return ["", "Result: \(shape.summary)."]
        }
    }

    private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
