/// Follows every reference in an option (`input: pca.embedding`) and every path and method in an inline
/// expression (`{{ pca.explained_variance_ratio[0] }}`) through the declared result shapes, before
/// anything runs: a misspelt field or a value of the wrong kind is found in a second, not after the
/// steps before it have run.
struct ShapeChecker {
    let steps: [PlannedStep]
    let params: [(name: String, value: OptionValue)]

    /// Each step's result shape, from its directive and the shapes of what it reads.
    func shapes(diagnostics: inout [Diagnostic]) -> [String: ValueShape] {
        let byID = Dictionary(steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var shapes = [String: ValueShape]()
        var visiting = Set<String>()
        func shape(of id: String) -> ValueShape {
            if let known = shapes[id] { return known }
            guard let step = byID[id], visiting.insert(id).inserted else { return .unknown }  // a cycle is reported elsewhere
            var inputs = [String: ValueShape]()
            for reference in step.references {
                if let reached = follow(reference, from: shape(of: reference.stepID), diagnostics: &diagnostics) {
                    inputs[reference.option] = reached
                }
            }
            let result = step.directive.resultShape(options: step.options, inputs: inputs)
            visiting.remove(id)
            shapes[id] = result
            return result
        }
        for step in steps { _ = shape(of: step.id) }
        return shapes
    }

    /// The shape a reference reaches, checked against the kinds its option accepts; nil after a problem.
    private func follow(_ reference: InputReference, from start: ValueShape, diagnostics: inout [Diagnostic]) -> ValueShape? {
        var shape = start
        var text = reference.stepID
        for entry in reference.path {
            let location = reference.location.advanced(by: text.count + (entry.hasPrefix("[") ? 0 : 1))
            if entry.hasPrefix("[") {
                guard let element = shape.element else {
                    diagnostics.append(Diagnostic("`\(text)` is \(shape.article) and has no elements to pick with \(entry)", at: location))
                    return nil
                }
                shape = element
                text += entry
            } else {
                guard let member = shape.member(entry) else {
                    diagnostics.append(noMember(entry, on: text, shape: shape, at: location))
                    return nil
                }
                shape = member
                text += "." + entry
            }
        }
        if case .nothing = start, reference.path.isEmpty {
            diagnostics.append(
                Diagnostic(
                    "`\(reference.option)`: `\(reference.stepID)` gives no value to read (it only shows its output)",
                    at: reference.location))
            return nil
        }
        if let kinds = shape.kinds, !kinds.contains(where: reference.accepts.contains) {
            diagnostics.append(
                Diagnostic(
                    "`\(reference.option)` must be " + reference.accepts.map(\.article).joined(separator: " or ")
                        + ", but `\(reference.text)` is \(shape.article)", at: reference.location,
                    hint: suggestion(for: reference.accepts, in: start, prefix: reference.stepID)))
            return nil
        }
        return shape
    }

    private func noMember(_ name: String, on subject: String, shape: ValueShape, at location: SourceLocation) -> Diagnostic {
        if case .nothing = shape {
            return Diagnostic("`\(subject)` gives no value (it only shows its output), so it has no field `\(name)`", at: location)
        }
        // The message a render gives for the same mistake.
        let error = Value.AccessError.noField(name, available: shape.members?.map(\.name) ?? [])
        return Diagnostic(error.message(on: subject), at: location, hint: error.hint(for: name))
    }

    /// "use `pca.embedding`": the fields of the step's result that are of an accepted kind.
    private func suggestion(for kinds: [ValueKind], in shape: ValueShape, prefix: String) -> String? {
        guard case .record(let fields, _, _) = shape else { return nil }
        let fitting = fields.filter { field in field.shape.kinds.map { $0.contains(where: kinds.contains) } ?? false }.map {
            "`\(prefix).\($0.name)`"
        }
        return fitting.isEmpty ? nil : "fields that fit: " + fitting.joined(separator: ", ")
    }

    // MARK: Inline expressions

    /// Checks the paths and method calls of one expression.
    func check(
        _ expression: Expression, shapes: [String: ValueShape], directives: [String: any Directive],
        diagnostics: inout [Diagnostic]
    ) {
        _ = shape(of: expression, shapes: shapes, directives: directives, diagnostics: &diagnostics)
    }

    /// nil after a problem (so one mistake gives one message).
    private func shape(
        of expression: Expression, shapes: [String: ValueShape], directives: [String: any Directive],
        diagnostics: inout [Diagnostic]
    ) -> ValueShape? {
        func sub(_ e: Expression) -> ValueShape? { shape(of: e, shapes: shapes, directives: directives, diagnostics: &diagnostics) }
        switch expression {
        case .number: return .number
        case .string: return .string
        case .identifier(let name, _):
            return name == "params" ? paramsShape : shapes[name]  // unknown ids are reported by the planner
        case .member(let base, let name, let location):
            guard let baseShape = sub(base) else { return nil }
            guard let member = baseShape.member(name) else {
                diagnostics.append(noMember(name, on: Self.text(base), shape: baseShape, at: location))
                return nil
            }
            return member
        case .index(let base, let index, let location):
            _ = sub(index)
            guard let baseShape = sub(base) else { return nil }
            if case .string(let name, _) = index {
                guard let member = baseShape.member(name) else {
                    diagnostics.append(noMember(name, on: Self.text(base), shape: baseShape, at: location))
                    return nil
                }
                return member
            }
            guard let element = baseShape.element else {
                diagnostics.append(Diagnostic("`\(Self.text(base))` is \(baseShape.article) and cannot be indexed", at: location))
                return nil
            }
            return element
        case .call(let callee, let arguments, let location):
            for argument in arguments { _ = sub(argument) }
            guard case .member(.identifier(let stepID, _), let method, _) = callee, let directive = directives[stepID] else { return .unknown }
            guard let spec = directive.methods.first(where: { $0.name == method }) else {
                let names = directive.methods.map(\.name)
                diagnostics.append(
                    Diagnostic(
                        "`\(directive.name)` results have no function `\(method)`"
                            + (names.isEmpty ? "" : "; functions: " + directive.methods.map(\.signature).joined(separator: ", ")),
                        at: location, hint: Suggestion.hint(for: method, in: names)))
                return nil
            }
            if spec.arguments.count != arguments.count {
                diagnostics.append(
                    Diagnostic(
                        "`\(stepID).\(spec.signature)` takes \(spec.arguments.count) argument\(spec.arguments.count == 1 ? "" : "s"), got \(arguments.count)",
                        at: location))
                return nil
            }
            return spec.returns
        case .unary(_, let operand, _):
            _ = sub(operand)
            return .unknown
        case .binary(_, let a, let b, _):
            _ = sub(a)
            _ = sub(b)
            return .unknown
        case .conditional(let c, let a, let b, _):
            _ = sub(c)
            _ = sub(a)
            _ = sub(b)
            return .unknown
        }
    }

    private var paramsShape: ValueShape {
        .record(fields: params.map { ValueShape.FieldShape($0.name, .unknown, doc: "") }, primary: nil, others: nil)
    }

    /// The expression as written, for messages (`pca.summary`).
    static func text(_ expression: Expression) -> String {
        switch expression {
        case .identifier(let name, _): name
        case .member(let base, let name, _): text(base) + "." + name
        case .index(let base, .number(let n, _), _): text(base) + "[\(Int(n))]"
        case .index(let base, .string(let s, _), _): text(base) + "[\"\(s)\"]"
        case .index(let base, _, _): text(base) + "[…]"
        case .call(let callee, _, _): text(callee) + "(…)"
        default: "…"
        }
    }
}

extension ValueShape {
    /// "a matrix", "a number" — the shape's kind with its article.
    var article: String {
        switch self {
        case .number: "a number"
        case .string: "text"
        case .bool: "a boolean"
        case .matrix: "a matrix"
        case .labels: "a label vector"
        case .list: "a list"
        case .table: "a table"
        case .record: "a record"
        case .optional(let shape): shape.article + " (or null)"
        case .unknown: "a value"
        case .nothing: "nothing"
        }
    }
}
