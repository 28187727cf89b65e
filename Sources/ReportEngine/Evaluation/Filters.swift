import Foundation

/// Formatting filters: `{{ x | fixed: 2 }}`, `{{ share | percent: 1 }}`, `{{ n | int }}`.
enum Filters {
    static let names = ["default", "fixed", "int", "join", "percent", "round", "sci"]

    static func apply(_ name: String, to value: Value, arguments: [Value]) throws(EvaluationFailure) -> Value {
        func count(_ fallback: Int) throws(EvaluationFailure) -> Int {
            guard let first = arguments.first else { return fallback }
            guard let n = first.number, n >= 0, n <= 17, n.rounded() == n else {
                throw EvaluationFailure("expects a whole number of decimals from 0 to 17")
            }
            return Int(n)
        }
        func number() throws(EvaluationFailure) -> Double {
            guard let n = value.number else { throw EvaluationFailure("needs a number, got \(value.kind.article) (\(ValueFormatter.text(value)))") }
            return n
        }
        switch name {
        case "fixed": return .string(ValueFormatter.fixed(try number(), decimals: try count(2)))
        case "percent": return .string(ValueFormatter.fixed(try number() * 100, decimals: try count(0)) + "%")
        case "int": return .string(String(Int((try number()).rounded())))
        case "round":
            let scale = pow(10, Double(try count(0)))
            return .double((try number() * scale).rounded() / scale)
        case "sci": return .string(String(format: "%.\(try count(2))e", try number()))
        case "join":
            guard case .list(let items) = value else { throw EvaluationFailure("needs a list") }
            let separator = arguments.first.map(ValueFormatter.text) ?? ", "
            return .string(items.map(ValueFormatter.text).joined(separator: separator))
        case "default":
            guard let fallback = arguments.first else { throw EvaluationFailure("needs a fallback value") }
            return value == .null ? fallback : value
        default:
            throw EvaluationFailure("unknown filter; filters: \(names.joined(separator: ", "))")
        }
    }
}
