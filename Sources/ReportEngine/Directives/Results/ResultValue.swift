import LinearAlgebra

/// A Swift type a result field holds, with its shape and its conversion to and from a cached `Value`.
public protocol ResultValue {
    static var shape: ValueShape { get }
    var value: Value { get }
    /// nil when the value is not of this type.
    init?(value: Value)
}

extension Int: ResultValue {
    public static var shape: ValueShape { .number }
    public var value: Value { .int(self) }
    public init?(value: Value) {
        switch value {
        case .int(let i): self = i
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: self = Int(d)
        default: return nil
        }
    }
}

extension Double: ResultValue {
    public static var shape: ValueShape { .number }
    public var value: Value { .double(self) }
    public init?(value: Value) {
        switch value {
        case .int(let i): self = Double(i)
        case .double(let d): self = d
        default: return nil
        }
    }
}

extension Bool: ResultValue {
    public static var shape: ValueShape { .bool }
    public var value: Value { .bool(self) }
    public init?(value: Value) {
        guard case .bool(let b) = value else { return nil }
        self = b
    }
}

extension String: ResultValue {
    public static var shape: ValueShape { .string }
    public var value: Value { .string(self) }
    public init?(value: Value) {
        guard case .string(let s) = value else { return nil }
        self = s
    }
}

/// A field that may be nil; a nil field is left out of its record (so `Int??` tells absent from null).
public protocol OptionalResultValue {
    static var absent: Self { get }
    var isNone: Bool { get }
}

extension Optional: ResultValue where Wrapped: ResultValue {
    public static var shape: ValueShape { .optional(Wrapped.shape) }
    public var value: Value { self?.value ?? .null }
    public init?(value: Value) {
        if let wrapped = Wrapped(value: value) {
            self = .some(wrapped)
        } else if case .null = value {
            self = nil
        } else {
            return nil
        }
    }
}

extension Optional: OptionalResultValue {
    public static var absent: Self { nil }
    public var isNone: Bool { self == nil }
}

extension Array: ResultValue where Element: ResultValue {
    public static var shape: ValueShape { .list(Element.shape) }
    public var value: Value { .list(map(\.value)) }
    public init?(value: Value) {
        guard case .list(let items) = value else { return nil }
        var elements = [Element]()
        elements.reserveCapacity(items.count)
        for item in items {
            guard let element = Element(value: item) else { return nil }
            elements.append(element)
        }
        self = elements
    }
}

extension ItemMatrix: ResultValue {
    public static var shape: ValueShape { .matrix }
    public var value: Value { .matrix(self) }
    public init?(value: Value) {
        guard case .matrix(let m) = value else { return nil }
        self = m
    }
}

extension ItemLabels: ResultValue {
    public static var shape: ValueShape { .labels }
    public var value: Value { .labels(self) }
    public init?(value: Value) {
        guard case .labels(let l) = value else { return nil }
        self = l
    }
}

extension Table: ResultValue {
    public static var shape: ValueShape { .table(columns: nil) }
    public var value: Value { .table(self) }
    public init?(value: Value) {
        guard case .table(let t) = value else { return nil }
        self = t
    }
}

extension Value: ResultValue {
    /// A value whose shape is known only once it runs (a loaded file).
    public static var shape: ValueShape { .unknown }
    public var value: Value { self }
    public init?(value: Value) { self = value }
}
