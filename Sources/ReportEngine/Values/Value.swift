import LinearAlgebra

/// A result: what a directive computes, what inline expressions read and what the cache stores.
public indirect enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case record(Record)
    case matrix(ItemMatrix)
    case labels(ItemLabels)
    case table(Table)

    public var kind: ValueKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int, .double: .number
        case .string: .string
        case .list: .list
        case .record: .record
        case .matrix: .matrix
        case .labels: .labels
        case .table: .table
        }
    }

    /// The number this value holds, if it is one.
    public var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    /// A record stands for its primary field (e.g. a PCA result for its embedding) where a matrix is wanted.
    public var resolvingPrimary: Value {
        if case .record(let r) = self, let primary = r.primary, let value = r[primary] { return value.resolvingPrimary }
        return self
    }

    /// A list of numbers, from a list, a one-column matrix or numeric labels.
    public var numbers: [Double]? {
        switch resolvingPrimary {
        case .list(let items):
            let values = items.compactMap(\.number)
            return values.count == items.count ? values : nil
        case .matrix(let m) where m.matrix.columns == 1: return m.matrix.storage.map(Double.init)
        case .labels(let l): return l.column.numbers
        default: return nil
        }
    }
}

/// The kinds of value, as named in option schemas and messages.
public enum ValueKind: String, Sendable, CaseIterable {
    case null, bool, number, string, list, record, matrix, labels, table

    public var article: String {
        switch self {
        case .null: "nothing"
        case .matrix: "a matrix"
        case .labels: "a label vector"
        case .table: "a table"
        case .list: "a list"
        case .record: "a record"
        case .number: "a number"
        case .string: "a string"
        case .bool: "a boolean"
        }
    }
}

/// Named fields in order; `primary` names the field that stands for the whole record.
public struct Record: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: Value
        public init(_ name: String, _ value: Value) { (self.name, self.value) = (name, value) }
    }

    public var fields: [Field]
    public var primary: String?

    public init(_ fields: [Field], primary: String? = nil) {
        (self.fields, self.primary) = (fields, primary)
    }

    public subscript(name: String) -> Value? { fields.first { $0.name == name }?.value }
}

/// A matrix whose rows are items (images) identified by id.
public struct ItemMatrix: Sendable, Equatable {
    public let ids: [String]
    public let matrix: Matrix
    /// Optional names of the columns (e.g. `PC1`, `PC2`).
    public let columnNames: [String]?

    public init(ids: [String], matrix: Matrix, columnNames: [String]? = nil) {
        precondition(ids.count == matrix.rows, "\(ids.count) ids for \(matrix.rows) rows")
        precondition(columnNames == nil || columnNames!.count == matrix.columns)
        (self.ids, self.matrix, self.columnNames) = (ids, matrix, columnNames)
    }

    public func name(ofColumn index: Int) -> String { columnNames?[index] ?? "column \(index + 1)" }
}

/// One label per item: cluster numbers, a source name, a grade.
public struct ItemLabels: Sendable, Equatable {
    public let ids: [String]
    public let column: Column
    /// What the labels are (e.g. `group`), used as a legend title.
    public let name: String

    public init(ids: [String], column: Column, name: String) {
        precondition(ids.count == column.count)
        (self.ids, self.column, self.name) = (ids, column, name)
    }
}
