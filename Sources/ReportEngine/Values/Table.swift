/// Named, typed columns of equal length.
public struct Table: Sendable, Equatable {
    public struct NamedColumn: Sendable, Equatable {
        public let name: String
        public let values: Column
        public init(_ name: String, _ values: Column) { (self.name, self.values) = (name, values) }
    }

    public let columns: [NamedColumn]
    /// Rows left out for display (a long table cut to its first rows).
    public let omittedRows: Int

    public init(_ columns: [NamedColumn], omittedRows: Int = 0) {
        precondition(Set(columns.map(\.values.count)).count <= 1, "table columns differ in length")
        self.columns = columns
        self.omittedRows = omittedRows
    }

    public var rowCount: Int { columns.first?.values.count ?? 0 }

    public subscript(name: String) -> Column? { columns.first { $0.name == name }?.values }

    public func row(_ index: Int) -> Record {
        Record(columns.map { Record.Field($0.name, $0.values.value(at: index)) })
    }
}
