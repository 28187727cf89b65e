/// Field access and indexing, shared by inline expressions and references in options (`pca.embedding`).
extension Value {
    public enum AccessError: Error, Equatable {
        case noField(String, available: [String])
        case badIndex(String)
    }

    /// The fields a user can name on this value.
    public var fieldNames: [String] {
        switch self {
        case .record(let r): r.fields.map(\.name)
        case .table(let t): ["rows"] + t.columns.map(\.name)
        case .matrix: ValueShape.matrix.memberNames
        case .labels: ValueShape.labels.memberNames
        case .list: ValueShape.list(.unknown).memberNames
        default: []
        }
    }

    public func member(_ name: String) throws(AccessError) -> Value {
        switch (self, name) {
        case (.record(let r), _):
            if let value = r[name] { return value }
        case (.matrix(let m), "rows"): return .int(m.matrix.rows)
        case (.matrix(let m), "columns"): return .int(m.matrix.columns)
        case (.matrix(let m), "ids"): return .list(m.ids.map(Value.string))
        case (.labels(let l), "count"): return .int(l.ids.count)
        case (.labels(let l), "ids"): return .list(l.ids.map(Value.string))
        case (.labels(let l), "values"): return .list(l.column.values)
        case (.labels(let l), "classes"):
            var seen = Set<String>()
            return .list(l.column.values.filter { seen.insert(ValueFormatter.text($0)).inserted })
        case (.table(let t), "rows"): return .int(t.rowCount)
        case (.table(let t), _):
            if let column = t[name] { return .list(column.values) }
        case (.list(let items), "count"): return .int(items.count)
        default: break
        }
        throw .noField(name, available: fieldNames)
    }

    /// `value[i]` (negative counts from the end) or `record["name"]`.
    public func element(_ index: Value) throws(AccessError) -> Value {
        if case .string(let name) = index { return try member(name) }
        guard let number = index.number, number.rounded() == number else {
            throw .badIndex("an index must be a whole number, got \(ValueFormatter.text(index))")
        }
        func pick<T>(_ items: [T]) throws(AccessError) -> T {
            let i = Int(number) < 0 ? items.count + Int(number) : Int(number)
            guard items.indices.contains(i) else {
                throw .badIndex("index \(Int(number)) is out of range (there are \(items.count) elements, counted from 0)")
            }
            return items[i]
        }
        switch self {
        case .list(let items): return try pick(items)
        case .record(let r):
            if let p = r.primary, let primary = r[p] { return try primary.element(index) }
            return try pick(r.fields).value
        case .matrix(let m):
            let row = try pick(Array(0..<m.matrix.rows))
            return .list(m.matrix.row(row).map { .double(Double($0)) })
        case .labels(let l): return try pick(l.column.values)
        case .table(let t): return .record(t.row(try pick(Array(0..<t.rowCount))))
        default: throw .badIndex("\(kind.article) cannot be indexed")
        }
    }
}
