import Foundation

/// Functions inline expressions can call by name: `{{ len(ids) }}`, `{{ max(ari.values) }}`.
enum Builtins {
    static let names = ["abs", "len", "max", "mean", "min", "round", "sum"]

    static func call(_ name: String, _ arguments: [Value]) throws(EvaluationFailure) -> Value {
        switch name {
        case "len":
            guard arguments.count == 1 else { throw EvaluationFailure("takes one argument") }
            switch arguments[0] {
            case .list(let items): return .int(items.count)
            case .string(let s): return .int(s.count)
            case .matrix(let m): return .int(m.matrix.rows)
            case .labels(let l): return .int(l.ids.count)
            case .table(let t): return .int(t.rowCount)
            case .record(let r): return .int(r.fields.count)
            default: throw EvaluationFailure("\(arguments[0].kind.article) has no length")
            }
        case "min", "max", "sum", "mean":
            let numbers = try numberList(arguments)
            guard !numbers.isEmpty || name == "sum" else { throw EvaluationFailure("needs at least one number") }
            switch name {
            case "min": return .double(numbers.min()!)
            case "max": return .double(numbers.max()!)
            case "sum": return .double(numbers.reduce(0, +))
            default: return .double(numbers.reduce(0, +) / Double(numbers.count))
            }
        case "abs":
            guard arguments.count == 1, let x = arguments[0].number else { throw EvaluationFailure("takes one number") }
            return arguments[0].isInteger ? .int(abs(Int(x))) : .double(abs(x))
        case "round":
            guard (1...2).contains(arguments.count), let x = arguments[0].number else {
                throw EvaluationFailure("takes a number and optionally a count of decimals")
            }
            let decimals = arguments.count == 2 ? Int(arguments[1].number ?? 0) : 0
            let scale = pow(10, Double(decimals))
            return decimals == 0 ? .int(Int(x.rounded())) : .double((x * scale).rounded() / scale)
        default:
            throw EvaluationFailure("unknown function; functions: \(names.joined(separator: ", "))")
        }
    }

    /// One list argument or several number arguments.
    private static func numberList(_ arguments: [Value]) throws(EvaluationFailure) -> [Double] {
        if arguments.count == 1, let list = arguments[0].numbers { return list }
        let numbers = arguments.compactMap(\.number)
        guard numbers.count == arguments.count else { throw EvaluationFailure("needs numbers or one list of numbers") }
        return numbers
    }
}
