/// An sRGB colour with alpha, components in [0, 1].
public struct Color: Sendable, Equatable, Hashable {
    public var red, green, blue, alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        (self.red, self.green, self.blue, self.alpha) = (red, green, blue, alpha)
    }

    /// From a hex literal such as 0xE69F00.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    /// Parses `#rrggbb` or `rrggbb`; `nil` otherwise.
    public init?(hexString: String) {
        let digits = hexString.hasPrefix("#") ? String(hexString.dropFirst()) : hexString
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        self.init(hex: value)
    }

    public func with(alpha: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: alpha) }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    public static let text = Color(hex: 0x222222)
    public static let axis = Color(hex: 0x444444)
    public static let grid = Color(hex: 0xE3E3E3)
    /// Noise points (label −1) and other "not a class" marks.
    public static let noise = Color(hex: 0xB0B0B0)
}
