import Foundation

/// Locale-independent number formatting for figure text.
public enum NumberText {
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(max(0, decimals))f", value)
        // "-0.0" → "0.0"
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text
    }
}
