/// Whether a value has the shape its directive declares (the conformance suite checks every directive's
/// `run` against its schema).
extension ValueShape {
    /// What in `value` does not fit, one line a problem (empty: it fits). `path` names the value in them.
    public func mismatches(_ value: Value, path: String = "result") -> [String] {
        switch (self, value) {
        case (.unknown, _), (.number, .int), (.number, .double), (.string, .string), (.bool, .bool),
            (.matrix, .matrix), (.labels, .labels), (.nothing, .null):
            return []
        case (.optional, .null):
            return []
        case (.optional(let shape), _):
            return shape.mismatches(value, path: path)
        case (.list(let element), .list(let items)):
            return items.enumerated().flatMap { element.mismatches($1, path: "\(path)[\($0)]") }
        case (.table(let columns), .table(let table)):
            guard let columns, columns != table.columns.map(\.name) else { return [] }
            return ["\(path): columns \(table.columns.map(\.name)), declared \(columns)"]
        case (.record(let fields, let primary, let others), .record(let record)):
            var problems = [String]()
            if record.primary != primary { problems.append("\(path): primary `\(record.primary ?? "none")`, declared `\(primary ?? "none")`") }
            for field in fields {
                if let stored = record[field.name] {
                    problems += field.shape.mismatches(stored, path: "\(path).\(field.name)")
                } else if case .optional = field.shape {
                    continue
                } else {
                    problems.append("\(path).\(field.name): declared but missing")
                }
            }
            let declared = Set(fields.map(\.name))
            for field in record.fields where !declared.contains(field.name) {
                if let others {
                    problems += others.mismatches(field.value, path: "\(path).\(field.name)")
                } else {
                    problems.append("\(path).\(field.name): not declared")
                }
            }
            return problems
        default:
            return ["\(path): \(value.kind.article), declared \(summary)"]
        }
    }
}
