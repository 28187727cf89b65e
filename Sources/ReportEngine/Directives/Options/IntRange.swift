/// A range of whole numbers written `2..30` (both ends in), or one number `8` for a range of one.
public struct IntRange: Sendable, Equatable, OptionDecodable, CustomStringConvertible {
    public let lower: Int
    public let upper: Int

    public init(_ lower: Int, _ upper: Int) { (self.lower, self.upper) = (lower, upper) }
    public init(_ value: Int) { self.init(value, value) }

    /// `2..30`, `2 .. 30` or `8`; nil for anything else, and for a range whose ends are the wrong way round.
    public init?(parsing text: String) {
        let parts = text.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
        switch parts.count {
        case 1:
            guard let value = Int(parts[0]) else { return nil }
            self.init(value)
        case 2:
            guard let low = Int(parts[0]), let high = Int(parts[1]), low <= high else { return nil }
            self.init(low, high)
        default:
            return nil
        }
    }

    public init?(option: OptionValue) {
        switch option {
        case .int(let i): self.init(i)
        case .string(let text): self.init(parsing: text)
        default: return nil
        }
    }

    public var optionValue: OptionValue { lower == upper ? .int(lower) : .string(description) }

    public var description: String { lower == upper ? String(lower) : "\(lower)..\(upper)" }

    /// Every number in the range, in order.
    public var values: [Int] { Array(lower...upper) }

    public var isSingle: Bool { lower == upper }
}
