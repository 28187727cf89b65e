import Yams

/// Parses YAML text that sits inside a template into `OptionValue`s whose positions are template positions.
struct YAMLReader {
    let file: String
    /// Template line of the YAML text's first line.
    let firstLine: Int
    /// Columns the YAML text is indented by in the template (a directive inside a list item).
    let indent: Int

    func parse(_ text: String) throws(Diagnostic) -> Located<OptionValue>? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw diagnostic(for: error)
        } catch {
            throw Diagnostic("cannot read YAML: \(error)", at: location(line: 1, column: 1))
        }
        return try node.map { node throws(Diagnostic) in try convert(node) }
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: firstLine + line - 1, column: column + indent)
    }

    private func location(of node: Node) -> SourceLocation {
        node.mark.map { location(line: $0.line, column: $0.column) } ?? location(line: 1, column: 1)
    }

    private func convert(_ node: Node) throws(Diagnostic) -> Located<OptionValue> {
        let here = location(of: node)
        switch node {
        case .scalar(let scalar):
            return Located(scalarValue(node, scalar), at: here)
        case .sequence(let sequence):
            var items = [Located<OptionValue>]()
            for item in sequence { items.append(try convert(item)) }
            return Located(.list(items), at: here)
        case .mapping(let mapping):
            var entries = [OptionValue.MapEntry]()
            var seen = Set<String>()
            for (key, value) in mapping {
                guard let name = key.string, key.scalar != nil else {
                    throw Diagnostic("a mapping key must be a plain name", at: location(of: key))
                }
                guard seen.insert(name).inserted else {
                    throw Diagnostic("`\(name)` is given twice", at: location(of: key), hint: "keep one of them")
                }
                entries.append(.init(key: name, keyLocation: location(of: key), value: try convert(value)))
            }
            return Located(.map(entries), at: here)
        case .alias:
            throw Diagnostic("YAML aliases are not supported in templates; write the value out", at: here)
        }
    }

    private func scalarValue(_ node: Node, _ scalar: Node.Scalar) -> OptionValue {
        guard scalar.style == .plain else { return .string(scalar.string) }
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .int: return node.int.map(OptionValue.int) ?? .string(scalar.string)
        case .float: return node.float.map(OptionValue.double) ?? .string(scalar.string)
        case .bool: return node.bool.map(OptionValue.bool) ?? .string(scalar.string)
        case .null: return .null
        default: return .string(scalar.string)
        }
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            return Diagnostic(
                "YAML syntax error: \(what)", at: location(line: mark.line, column: mark.column),
                hint: "check the indentation and that every `key: value` has a space after the colon")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                "YAML key given twice: \(duplicates.joined(separator: ", "))",
                at: location(line: context.mark.line, column: context.mark.column))
        default:
            return Diagnostic("YAML error: \(error)", at: location(line: 1, column: 1))
        }
    }
}
