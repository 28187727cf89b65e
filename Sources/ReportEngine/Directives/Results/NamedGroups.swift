/// Field groups under names known only at run time, as a record: a `stability` block's spread of each
/// listed value, by the value's name as written (`st.summary["comp1.accuracy"].min`).
public struct NamedGroups<Group: FieldGroup>: ResultValue, Sendable {
    public struct Entry: Sendable {
        public let name: String
        public let group: Group
        public init(_ name: String, _ group: Group) { (self.name, self.group) = (name, group) }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) { self.entries = entries }

    public subscript(name: String) -> Group? { entries.first { $0.name == name }?.group }

    /// Any names, each a record of the group's fields; a directive that knows the names from its
    /// options says so in `resultShape(options:inputs:)` with `shape(names:)`.
    public static var shape: ValueShape { .record(fields: [], primary: nil, others: Group.recordShape) }

    /// The shape with these names and no others.
    public static func shape(names: [String], doc: (String) -> String) -> ValueShape {
        .record(fields: names.map { .init($0, Group.recordShape, doc: doc($0)) }, primary: nil, others: nil)
    }

    public var value: Value { .record(Record(entries.map { Record.Field($0.name, .record(Record($0.group.fieldValues))) })) }

    public init?(value: Value) {
        guard case .record(let record) = value else { return nil }
        var entries = [Entry]()
        for field in record.fields {
            guard case .record(let fields) = field.value, let group = try? Group(reading: ResultReader(fields)) else { return nil }
            entries.append(Entry(field.name, group))
        }
        self.entries = entries
    }
}
