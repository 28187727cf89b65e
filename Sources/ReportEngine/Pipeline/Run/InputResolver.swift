/// The values a step's references name, following their field paths and checking their kinds.
enum InputResolver {
    static func inputs(of step: PlannedStep, values: [String: Value]) throws -> [String: Value] {
        var inputs = [String: Value]()
        for reference in step.references {
            guard var value = values[reference.stepID] else {
                throw Diagnostic("`\(reference.stepID)` has no result", at: reference.location)
            }
            var walked = reference.stepID
            for field in reference.path {
                do {
                    if let index = InputReference.index(field) { value = try value.element(.int(index)) } else { value = try value.member(field) }
                } catch {
                    throw Diagnostic(error.message(on: walked), at: reference.location, hint: error.hint(for: field))
                }
                walked += field.hasPrefix("[") ? field : ".\(field)"
            }
            let kind = value.kind
            let primaryKind = value.resolvingPrimary.kind
            guard reference.accepts.contains(kind) || reference.accepts.contains(primaryKind) else {
                throw Diagnostic(
                    "`\(reference.option)` needs " + reference.accepts.map(\.article).joined(separator: " or ")
                        + ", but `\(reference.text)` is \(kind.article)", at: reference.location,
                    hint: fieldHint(value, accepts: reference.accepts, text: reference.text))
            }
            inputs[reference.option] = value
        }
        return inputs
    }

    private static func fieldHint(_ value: Value, accepts: [ValueKind], text: String) -> String? {
        guard case .record(let r) = value else { return nil }
        let fitting = r.fields.filter { accepts.contains($0.value.kind) }.map { "`\(text).\($0.name)`" }
        return fitting.isEmpty ? nil : "try " + fitting.joined(separator: " or ")
    }
}

extension PlannedStep {
    /// A directive's error as a diagnostic pointing at the option it is about, or at the block.
    func diagnose(_ error: any Error) -> Diagnostic {
        if let diagnostic = error as? Diagnostic { return diagnostic }
        let header = "\(directive.name) #\(id): "
        if let directiveError = error as? DirectiveError {
            let location = directiveError.option.flatMap { block.option($0)?.value.location } ?? block.location
            return Diagnostic(header + directiveError.description, at: location)
        }
        return Diagnostic(header + String(describing: error), at: block.location)
    }
}
