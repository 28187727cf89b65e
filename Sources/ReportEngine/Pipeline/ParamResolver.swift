/// Template parameters: the front matter's defaults with `--param name=value` applied on top.
struct ParamResolver {
    let declared: [OptionValue.MapEntry]

    func resolve(_ overrides: [(String, String)], diagnostics: inout [Diagnostic]) -> [(name: String, value: OptionValue)] {
        var params = declared.map { (name: $0.key, value: $0.value.value) }
        for (name, text) in overrides {
            guard let index = params.firstIndex(where: { $0.name == name }) else {
                diagnostics.append(
                    Diagnostic(
                        "--param \(name): the template declares no parameter `\(name)`",
                        hint: Suggestion.hint(for: name, in: params.map(\.name))
                            ?? (params.isEmpty
                                ? "declare it under `params:` in the front matter"
                                : "parameters: " + params.map(\.name).joined(separator: ", "))))
                continue
            }
            switch convert(text, like: params[index].value) {
            case .success(let value): params[index].value = value
            case .failure(let message): diagnostics.append(Diagnostic("--param \(name)=\(text): \(message)"))
            }
        }
        return params
    }

    private func convert(_ text: String, like original: OptionValue) -> Result<OptionValue, Message> {
        switch original {
        case .int:
            return Int(text).map { .success(.int($0)) } ?? .failure(Message("expected an integer, like the default \(original.display)"))
        case .double:
            return Double(text).map { .success(.double($0)) } ?? .failure(Message("expected a number, like the default \(original.display)"))
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .success(.bool(true))
            case "false", "no", "0": return .success(.bool(false))
            default: return .failure(Message("expected true or false"))
            }
        case .list, .map:
            return .failure(Message("list and mapping parameters cannot be set from the command line"))
        case .null, .string:
            return .success(.string(text))
        }
    }

    struct Message: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }
}

extension ParamResolver.Message: CustomStringConvertible { var description: String { text } }
