/// The YAML block at the top of a template, between `---` lines.
public struct FrontMatter: Sendable, Equatable {
    public var title: String?
    public var subtitle: String?
    public var author: String?
    public var date: String?
    /// Parameter defaults in the order written; `--param` overrides them.
    public var params: [OptionValue.MapEntry]
    /// Base seed: every random step derives its own seed from it and the step's id.
    public var seed: Int
    /// Where sharded steps run (`executor: {slurm: {…}}`); `nil` when not given (local).
    public var executor: ExecutorSettings?

    public static let knownKeys = ["title", "subtitle", "author", "date", "params", "seed", "executor"]

    public init(
        title: String? = nil, subtitle: String? = nil, author: String? = nil, date: String? = nil,
        params: [OptionValue.MapEntry] = [], seed: Int = 0
    ) {
        (self.title, self.subtitle, self.author, self.date, self.params, self.seed) =
            (title, subtitle, author, date, params, seed)
    }

    /// Reads the fields from a parsed YAML mapping; problems are appended to `diagnostics`.
    init(_ root: Located<OptionValue>?, diagnostics: inout [Diagnostic]) {
        self.init()
        guard let root else { return }
        guard case .map(let entries) = root.value else {
            diagnostics.append(Diagnostic("the front matter must be a YAML mapping (`title: …`)", at: root.location))
            return
        }
        for entry in entries {
            let value = entry.value
            func text() -> String? {
                switch value.value {
                case .string(let s): return s
                case .int, .double, .bool: return value.value.display
                default:
                    diagnostics.append(Diagnostic("`\(entry.key)` must be text", at: value.location))
                    return nil
                }
            }
            switch entry.key {
            case "title": title = text()
            case "subtitle": subtitle = text()
            case "author": author = text()
            case "date": date = text()
            case "seed":
                if case .int(let s) = value.value, s >= 0 {
                    seed = s
                } else {
                    diagnostics.append(Diagnostic("`seed` must be a non-negative integer, got \(value.value.display)", at: value.location))
                }
            case "executor": executor = ExecutorSettings(value, diagnostics: &diagnostics)
            case "params":
                if case .map(let p) = value.value {
                    params = p
                } else {
                    diagnostics.append(Diagnostic("`params` must be a mapping of names to default values", at: value.location))
                }
            default:
                diagnostics.append(
                    Diagnostic(
                        "unknown front-matter field `\(entry.key)`", at: entry.keyLocation,
                        hint: Suggestion.hint(for: entry.key, in: Self.knownKeys)
                            ?? "known fields: \(Self.knownKeys.joined(separator: ", "))"))
            }
        }
    }
}
