/// Arithmetic and comparisons in inline expressions.
enum Operators {
    static func apply(_ op: Expression.BinaryOperator, _ a: Value, _ b: Value) throws(EvaluationFailure) -> Value {
        switch op {
        case .and: return .bool(a.isTruthy && b.isTruthy)
        case .or: return .bool(a.isTruthy || b.isTruthy)
        case .equal: return .bool(equal(a, b))
        case .notEqual: return .bool(!equal(a, b))
        default: break
        }
        if case .string(let x) = a, case .string(let y) = b {
            switch op {
            case .add: return .string(x + y)
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterEqual: return .bool(x >= y)
            default: throw EvaluationFailure("`\(op.rawValue)` does not apply to text")
            }
        }
        guard let x = a.number, let y = b.number else {
            throw EvaluationFailure("`\(op.rawValue)` needs two numbers, got \(a.kind.article) and \(b.kind.article)")
        }
        let integers = a.isInteger && b.isInteger
        switch op {
        case .add: return integers ? .int(Int(x) + Int(y)) : .double(x + y)
        case .subtract: return integers ? .int(Int(x) - Int(y)) : .double(x - y)
        case .multiply: return integers ? .int(Int(x) * Int(y)) : .double(x * y)
        case .divide:
            guard y != 0 else { throw EvaluationFailure("division by zero") }
            return .double(x / y)
        case .less: return .bool(x < y)
        case .lessEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterEqual: return .bool(x >= y)
        default: throw EvaluationFailure("unsupported operator `\(op.rawValue)`")
        }
    }

    private static func equal(_ a: Value, _ b: Value) -> Bool {
        if let x = a.number, let y = b.number { return x == y }
        return a == b
    }
}
