/// Fields declared once — name, Swift property, doc — from which a record is written and read back.
/// A directive's result is one (`PCAResult`); a group of fields several results share is one too
/// (the network description of `features` and `combine`).
public protocol FieldGroup: Sendable {
    static var fields: [ResultField<Self>] { get }
    /// Reads every field: `embedding = try fields(\.embedding)`.
    init(reading fields: ResultReader<Self>) throws(ResultError)
}

/// A directive's result: its fields, the field that stands for the whole (a PCA result for its embedding
/// where a matrix is wanted), and fields named only at run time (a dataset's label columns).
public protocol DirectiveResult: FieldGroup, ResultValue {
    static var primary: String? { get }
    /// The shape and doc of fields named at run time; nil when every field is declared.
    static var otherFields: (shape: ValueShape, doc: String)? { get }
    /// Their values, written after the declared fields.
    var otherFieldValues: [Record.Field] { get }
}

extension DirectiveResult {
    public static var primary: String? { nil }
    public static var otherFields: (shape: ValueShape, doc: String)? { nil }
    public var otherFieldValues: [Record.Field] { [] }

    public static var shape: ValueShape {
        .record(fields: fields.map { .init($0.name, $0.shape, doc: $0.doc) }, primary: primary, others: otherFields?.shape)
    }

    public var value: Value { .record(Record(fieldValues + otherFieldValues, primary: Self.primary)) }

    public init?(value: Value) {
        guard case .record(let record) = value, let result = try? Self(reading: ResultReader(record)) else { return nil }
        self = result
    }

}

/// One declared field of a result.
public struct ResultField<Owner> {
    public let name: String
    public private(set) var shape: ValueShape
    public let doc: String
    let keyPath: AnyKeyPath
    /// nil: the field is left out (an optional that is nil).
    let encode: (Owner) -> Value?

    public init<T: ResultValue>(_ name: String, _ keyPath: KeyPath<Owner, T>, doc: String) {
        (self.name, self.shape, self.doc, self.keyPath) = (name, T.shape, doc, keyPath)
        encode = { owner in
            let value = owner[keyPath: keyPath]
            if let optional = value as? any OptionalResultValue, optional.isNone { return nil }
            return value.value
        }
    }

    /// A table whose columns are always these: `litmus check` knows `pca.summary.explained_variance_ratio`.
    public init(_ name: String, _ keyPath: KeyPath<Owner, Table>, columns: [String], doc: String) {
        self.init(name, keyPath, doc: doc + " (columns: " + columns.joined(separator: ", ") + ")")
        shape = .table(columns: columns)
    }

    /// The field's value in `owner`, as the record holds it (nil: left out).
    public func value(of owner: Owner) -> Value? { encode(owner) }

    /// The same field, read through `path` of a larger type (a field group inside a result).
    public func lifted<Outer>(_ path: KeyPath<Outer, Owner>) -> ResultField<Outer> {
        ResultField<Outer>(
            name: name, shape: shape, doc: doc, keyPath: (path as AnyKeyPath).appending(path: keyPath) ?? path, encode: { encode($0[keyPath: path]) })
    }

    private init(name: String, shape: ValueShape, doc: String, keyPath: AnyKeyPath, encode: @escaping (Owner) -> Value?) {
        (self.name, self.shape, self.doc, self.keyPath, self.encode) = (name, shape, doc, keyPath, encode)
    }
}

extension FieldGroup {
    /// The declared fields' values in order (a nil optional left out).
    public var fieldValues: [Record.Field] {
        Self.fields.compactMap { field in field.encode(self).map { Record.Field(field.name, $0) } }
    }

    /// The group as a record of its own.
    public static var recordShape: ValueShape {
        .record(fields: fields.map { .init($0.name, $0.shape, doc: $0.doc) }, primary: nil, others: nil)
    }

    /// The fields in `value`; an error naming `option` and what it should be when it is not one.
    public init(_ value: Value, option: String, expected: String) throws(DirectiveError) {
        guard case .record(let record) = value else {
            throw DirectiveError("`\(option)` must be \(expected), got \(value.kind.article)", option: option)
        }
        do { self = try Self(reading: ResultReader(record)) } catch {
            throw DirectiveError("`\(option)` must be \(expected): \(error)", option: option)
        }
    }

    /// This group's fields inside a larger result, at `path`.
    public static func fields<Outer>(at path: KeyPath<Outer, Self>) -> [ResultField<Outer>] { fields.map { $0.lifted(path) } }
}

/// Reads the declared fields of `Owner` from a record, by property: the name is the declaration's.
public struct ResultReader<Owner: FieldGroup> {
    public let record: Record
    private let fields: [ResultField<Owner>]

    public init(_ record: Record) { (self.record, fields) = (record, Owner.fields) }

    public func callAsFunction<T: ResultValue>(_ keyPath: KeyPath<Owner, T>) throws(ResultError) -> T {
        guard let field = fields.first(where: { $0.keyPath == keyPath }) else { throw .undeclared(String(describing: keyPath)) }
        guard let stored = record[field.name] else {
            if let absent = (T.self as? any OptionalResultValue.Type)?.absent as? T { return absent }
            throw .field(field.name, expected: field.shape)
        }
        guard let value = T(value: stored) else { throw .field(field.name, expected: field.shape) }
        return value
    }

    /// The fields that are not declared (a dataset's label columns).
    public var others: [Record.Field] {
        let declared = Set(fields.map(\.name))
        return record.fields.filter { !declared.contains($0.name) }
    }
}

/// A record that is not the result it should be.
public enum ResultError: Error, CustomStringConvertible, Sendable {
    case field(String, expected: ValueShape)
    case undeclared(String)

    public var description: String {
        switch self {
        case .field(let name, let shape): "its field `\(name)` is missing or not \(shape.summary)"
        case .undeclared(let path): "\(path) is read but not declared as a field"
        }
    }
}

/// The result of a directive that shows something and keeps no value (figures, tables).
public struct NoResult: ResultValue, Sendable {
    public static var shape: ValueShape { .nothing }
    public var value: Value { .null }
    public init() {}
    public init?(value: Value) {}
}
