/// Evaluates inline expressions against the results of a render.
struct ExpressionEvaluator {
    /// Step results by id.
    let values: [String: Value]
    let params: Value
    /// The directive of each step, for method calls like `pca.components_for(0.9)`.
    let directives: [String: any Directive]

    /// The expression with its filters applied.
    func evaluate(_ inline: InlineExpression) throws(Diagnostic) -> Value {
        var value = try evaluate(inline.expression)
        for filter in inline.filters {
            var arguments = [Value]()
            for argument in filter.arguments { arguments.append(try evaluate(argument)) }
            do {
                value = try Filters.apply(filter.name, to: value, arguments: arguments)
            } catch {
                throw Diagnostic("filter `\(filter.name)`: \(error.message)", at: filter.location)
            }
        }
        return value
    }

    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        switch expression {
        case .number(let n, _):
            return n.rounded() == n && abs(n) < 1e15 ? .int(Int(n)) : .double(n)
        case .string(let s, _):
            return .string(s)
        case .identifier(let name, let location):
            if name == "params" { return params }
            guard let value = values[name] else { throw Diagnostic("`\(name)` has no result", at: location) }
            return value
        case .member(let base, let name, let location):
            let value = try evaluate(base)
            do { return try value.member(name) } catch {
                throw Diagnostic(error.message(on: describe(base)), at: location, hint: error.hint(for: name))
            }
        case .index(let base, let index, let location):
            let value = try evaluate(base)
            let i = try evaluate(index)
            do { return try value.element(i) } catch {
                throw Diagnostic(error.message(on: describe(base)), at: location)
            }
        case .call(let callee, let argumentExpressions, let location):
            var arguments = [Value]()
            for a in argumentExpressions { arguments.append(try evaluate(a)) }
            return try call(callee, arguments, at: location)
        case .unary(let op, let operand, let location):
            let value = try evaluate(operand)
            switch op {
            case .not: return .bool(!value.isTruthy)
            case .negate:
                guard let n = value.number else { throw Diagnostic("`-` needs a number, got \(value.kind.article)", at: location) }
                return value.isInteger ? .int(-Int(n)) : .double(-n)
            }
        case .binary(let op, let lhs, let rhs, let location):
            let a = try evaluate(lhs)
            if op == .and && !a.isTruthy { return .bool(false) }
            if op == .or && a.isTruthy { return .bool(true) }
            let b = try evaluate(rhs)
            do { return try Operators.apply(op, a, b) } catch {
                throw Diagnostic(error.message, at: location)
            }
        case .conditional(let condition, let then, let otherwise, _):
            return try evaluate(condition).isTruthy ? try evaluate(then) : try evaluate(otherwise)
        }
    }

    private func call(_ callee: Expression, _ arguments: [Value], at location: SourceLocation) throws(Diagnostic) -> Value {
        switch callee {
        case .identifier(let name, _):
            do { return try Builtins.call(name, arguments) } catch {
                throw Diagnostic("\(name)(): \(error.message)", at: location)
            }
        case .member(.identifier(let stepID, _), let method, _) where directives[stepID] != nil:
            do {
                return try directives[stepID]!.call(method, arguments: arguments, on: values[stepID] ?? .null)
            } catch {
                throw Diagnostic("\(stepID).\(method)(): \(error)", at: location)
            }
        default:
            throw Diagnostic("only functions and methods of step results can be called", at: location)
        }
    }

    private func describe(_ expression: Expression) -> String {
        switch expression {
        case .identifier(let name, _): name
        case .member(let base, let name, _): "\(describe(base)).\(name)"
        case .index(let base, _, _): "\(describe(base))[…]"
        default: "the value"
        }
    }
}

extension Value {
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .double(let d): d != 0 && !d.isNaN
        case .string(let s): !s.isEmpty
        case .list(let l): !l.isEmpty
        default: true
        }
    }

    var isInteger: Bool { if case .int = self { true } else { false } }
}

extension Value.AccessError {
    func message(on subject: String) -> String {
        switch self {
        case .noField(let name, let available):
            "`\(subject)` has no field `\(name)`" + (available.isEmpty ? "" : "; fields: " + available.joined(separator: ", "))
        case .badIndex(let why): "`\(subject)`: \(why)"
        }
    }

    func hint(for name: String) -> String? {
        if case .noField(_, let available) = self { return Suggestion.hint(for: name, in: available) }
        return nil
    }
}

/// A failure inside an operator, function or filter; the evaluator adds the position.
struct EvaluationFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
