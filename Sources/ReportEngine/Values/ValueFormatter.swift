import Foundation

/// How values read in prose and tables when no filter says otherwise. Locale-independent.
public enum ValueFormatter {
    /// Integers as integers; other numbers with 4 significant digits, without trailing zeros.
    public static func compact(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e6 {
            // Four significant digits, never an exponent, no trailing zeros: 23518, 12.35, 0.01235, 0.5.
            let decimals = max(0, 3 - Int(floor(log10(magnitude))))
            var text = String(format: "%.\(decimals)f", value)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            return text
        }
        return String(format: "%.3e", value)
    }

    public static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(max(0, min(decimals, 17)))f", value)
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text
    }

    /// Plain text of a value for prose (not yet escaped for Markdown).
    public static func text(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): compact(d)
        case .string(let s): s
        case .list(let items): items.map(text).joined(separator: ", ")
        case .record(let r):
            r.primary.flatMap { r[$0] }.map(text)
                ?? r.fields.map { "\($0.name): \(text($0.value))" }.joined(separator: ", ")
        case .matrix(let m): "\(m.matrix.rows) × \(m.matrix.columns) matrix"
        case .labels(let l): "\(l.ids.count) labels"
        case .table(let t): "table of \(t.rowCount) rows"
        }
    }
}
