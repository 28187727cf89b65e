import Foundation

/// A typed column of values: integers, numbers or text.
public enum Column: Sendable, Equatable {
    case ints([Int])
    case doubles([Double])
    case strings([String])

    public var count: Int {
        switch self {
        case .ints(let v): v.count
        case .doubles(let v): v.count
        case .strings(let v): v.count
        }
    }

    public var numbers: [Double]? {
        switch self {
        case .ints(let v): v.map(Double.init)
        case .doubles(let v): v
        case .strings: nil
        }
    }

    public func value(at index: Int) -> Value {
        switch self {
        case .ints(let v): .int(v[index])
        case .doubles(let v): .double(v[index])
        case .strings(let v): .string(v[index])
        }
    }

    public var values: [Value] { (0..<count).map(value(at:)) }

    /// Text of every entry, as it is shown in tables and legends.
    public func text(at index: Int) -> String {
        switch self {
        case .ints(let v): String(v[index])
        case .doubles(let v): ValueFormatter.compact(v[index])
        case .strings(let v): v[index]
        }
    }

    /// The entries at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> Column {
        switch self {
        case .ints(let v): .ints(indices.map { v[$0] })
        case .doubles(let v): .doubles(indices.map { v[$0] })
        case .strings(let v): .strings(indices.map { v[$0] })
        }
    }

    /// Parses text cells: integers if all are, else numbers if all are, else text.
    public static func inferring(_ cells: [String]) -> Column {
        let trimmed = cells.map { $0.trimmingCharacters(in: .whitespaces) }
        let ints = trimmed.compactMap { Int($0) }
        if ints.count == cells.count { return .ints(ints) }
        let doubles = trimmed.compactMap { Double($0) }
        if doubles.count == cells.count { return .doubles(doubles) }
        return .strings(cells)
    }
}
