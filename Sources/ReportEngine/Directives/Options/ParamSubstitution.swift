import Foundation

/// `{{ params.name }}` inside option values: only parameters are allowed there, since options are
/// fixed before any step runs.
struct ParamSubstitution {
    let params: [String: OptionValue]

    func apply(_ text: String, at location: SourceLocation, diagnostics: inout [Diagnostic]) -> OptionValue {
        var output = ""
        var rest = Substring(text)
        var pieces = 0
        var single: OptionValue?
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                diagnostics.append(Diagnostic("`{{` is not closed in `\(text)`", at: location))
                return .string(text)
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard name.hasPrefix("params."), let value = params[String(name.dropFirst("params.".count))] else {
                let hint =
                    name.hasPrefix("params.")
                    ? Suggestion.hint(for: String(name.dropFirst(7)), in: params.keys.sorted()).map { $0 }
                        ?? "declare it under `params:` in the front matter"
                    : "options can use `{{ params.NAME }}` only; results of steps are referred to by id"
                diagnostics.append(Diagnostic("`{{ \(name) }}` is not a parameter", at: location, hint: hint))
                return .string(text)
            }
            output += value.display
            single = value
            pieces += 1
            rest = rest[close.upperBound...]
        }
        output += rest
        if pieces == 1, let single, output == single.display, text.trimmingCharacters(in: .whitespaces).hasPrefix("{{"),
            text.trimmingCharacters(in: .whitespaces).hasSuffix("}}")
        {
            return single
        }
        return .string(output)
    }
}
