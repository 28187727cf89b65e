/// An executor as a template or the command line names it: `executor: local`, `executor: slurm`,
/// `executor: {slurm: {partition: gpu, shards: 20}}`, or `--executor slurm --shards 20`. Only the shape is
/// read here; the registry knows the names and checks the settings (`ExecutorRegistry.resolve`).
public struct ExecutorSettings: Sendable, Equatable {
    /// The executor's name; nil on a command line that gives settings but no `--executor`.
    public var name: String?
    public var entries: [OptionValue.MapEntry]
    /// Where the name is written (the front matter's line, or the command line).
    public var location: SourceLocation?

    /// The executor that computes everything in the rendering process.
    public static let local = "local"

    public init(name: String?, entries: [OptionValue.MapEntry] = [], location: SourceLocation? = nil) {
        (self.name, self.entries, self.location) = (name, entries, location)
    }

    /// The front matter's `executor:` value.
    init(_ value: Located<OptionValue>, diagnostics: inout [Diagnostic]) {
        self.init(name: nil, location: value.location)
        switch value.value {
        case .string(let name):
            self.name = name
        case .map(let entries) where entries.count == 1:
            let entry = entries[0]
            (name, location) = (entry.key, entry.keyLocation)
            switch entry.value.value {
            case .map(let settings): self.entries = settings
            case .null: break
            default:
                diagnostics.append(Diagnostic("`executor: {\(entry.key): …}` takes a mapping of settings", at: entry.value.location))
            }
        default:
            diagnostics.append(
                Diagnostic("`executor` is a name (`local`, `slurm`) or one name with its settings: `{slurm: {partition: …}}`", at: value.location))
        }
    }

    /// Settings given on the command line as (name, text) pairs, `--shards 4` as ("shards", "4"), one entry
    /// each, read as the kind's types want them (a whole number where it takes one); text that fits no
    /// type stays text, for the validator to name. `ExecutorRegistry` merges them over the template's.
    public static func commandLine(name: String?, settings pairs: [(name: String, text: String, flag: String)], kind: ExecutorKind?)
        -> ExecutorSettings
    {
        let entries = pairs.map { setting, text, flag in
            let location = SourceLocation.commandLine(flag)
            return OptionValue.MapEntry(
                key: setting, keyLocation: location, value: Located(read(text, as: kind?.setting(setting)?.type), at: location))
        }
        return ExecutorSettings(name: name, entries: entries, location: .commandLine("--executor"))
    }

    private static func read(_ text: String, as type: OptionType?) -> OptionValue {
        switch type {
        case .int?: Int(text).map(OptionValue.int) ?? .string(text)
        case .number?, .fraction?: Double(text).map(OptionValue.double) ?? .string(text)
        case .bool?: ["true": OptionValue.bool(true), "false": .bool(false)][text.lowercased()] ?? .string(text)
        case .list(let element)?: read(text, as: element)
        case .oneOf(let types)?:
            types.lazy.map { read(text, as: $0) }.first { if case .string = $0 { false } else { true } } ?? .string(text)
        default: .string(text)
        }
    }
}
