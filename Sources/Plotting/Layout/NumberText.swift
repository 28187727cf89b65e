import Foundation

/// Locale-independent number formatting for figure text.
public enum NumberText {
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(max(0, decimals))f", value)
        // "-0.0" → "0.0"
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text
    }

    /// A compact representation: integers without decimals, others with up to 4 significant digits.
    public static func compact(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }
}
