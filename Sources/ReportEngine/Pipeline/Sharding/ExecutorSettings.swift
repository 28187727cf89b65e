/// Where a render computes its sharded steps, from the front matter's `executor:` and the command
/// line (which wins field by field).
public struct ExecutorSettings: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable { case local, slurm }

    public var kind: Kind
    public var slurm: SlurmSettings

    public init(kind: Kind = .local, slurm: SlurmSettings = SlurmSettings()) { (self.kind, self.slurm) = (kind, slurm) }

    /// `executor: local`, `executor: slurm` or `executor: {slurm: {partition: gpu, shards: 20}}`.
    init(_ value: Located<OptionValue>, diagnostics: inout [Diagnostic]) {
        self.init()
        switch value.value {
        case .string(let name):
            guard let kind = Kind(rawValue: name) else {
                diagnostics.append(Diagnostic("`executor` is `local` or `slurm`, got `\(name)`", at: value.location))
                return
            }
            self.kind = kind
        case .map(let entries) where entries.count == 1:
            let entry = entries[0]
            guard let kind = Kind(rawValue: entry.key) else {
                diagnostics.append(Diagnostic("`executor` is `local` or `slurm`, got `\(entry.key)`", at: entry.keyLocation))
                return
            }
            self.kind = kind
            switch (kind, entry.value.value) {
            case (.slurm, .map(let fields)): slurm = SlurmSettings(fields, diagnostics: &diagnostics)
            case (.local, .map(let fields)) where fields.isEmpty: break
            case (_, .null): break
            default:
                diagnostics.append(
                    Diagnostic(
                        "`executor: {\(kind.rawValue): …}` takes a mapping of settings"
                            + (kind == .local ? " (local has none)" : ""), at: entry.value.location))
            }
        default:
            diagnostics.append(Diagnostic("`executor` is `local`, `slurm` or `{slurm: {partition: …, shards: …}}`", at: value.location))
        }
    }
}

/// How sharded steps are handed to Slurm: the `sbatch` options a site needs and how to cut the items
/// into array tasks. Every field is optional; unset ones are left to the site's defaults.
public struct SlurmSettings: Sendable, Equatable {
    public var partition: String?
    public var account: String?
    public var time: String?
    public var cpusPerTask: Int?
    public var mem: String?
    public var shards: Int?
    public var itemsPerShard: Int?
    public var sbatchArgs: [String] = []

    public init() {}

    /// Shards per step when neither `shards` nor `items_per_shard` is given.
    public static let defaultShards = 16

    /// Each setting once: its front-matter key (the command-line flag is the key with dashes), what it
    /// holds and what it means. The front matter, `litmus render --help` and the guide read it here.
    public enum Field: String, CaseIterable, Sendable {
        case partition, account, time, cpusPerTask = "cpus_per_task", mem, shards, itemsPerShard = "items_per_shard"
        case sbatchArgs = "sbatch_args"

        public var flag: String { rawValue.replacingOccurrences(of: "_", with: "-") }

        public var isCount: Bool { self == .cpusPerTask || self == .shards || self == .itemsPerShard }

        public var doc: String {
            switch self {
            case .partition: "The Slurm partition for the shard tasks (sbatch --partition)."
            case .account: "The Slurm account charged for the shard tasks (sbatch --account)."
            case .time: "The time limit of each shard task, e.g. 2:00:00 (sbatch --time)."
            case .cpusPerTask:
                "Cores of each shard task (sbatch --cpus-per-task); bind tasks to them (task/affinity, cgroups) so litmus sees only these."
            case .mem: "Memory of each shard task, e.g. 8G (sbatch --mem)."
            case .shards: "Array tasks per sharded step (default \(SlurmSettings.defaultShards), fewer when there are fewer items)."
            case .itemsPerShard: "Or: items (images, dimensions, seeds) per array task."
            case .sbatchArgs: "Any other sbatch argument, written with `=`: --sbatch-arg=--qos=long (repeatable; a list in the front matter)."
            }
        }
    }

    /// The fields `other` sets replace these (the command line over the front matter).
    public func overridden(by other: SlurmSettings) -> SlurmSettings {
        var merged = self
        merged.partition = other.partition ?? partition
        merged.account = other.account ?? account
        merged.time = other.time ?? time
        merged.cpusPerTask = other.cpusPerTask ?? cpusPerTask
        merged.mem = other.mem ?? mem
        if other.shards != nil || other.itemsPerShard != nil { (merged.shards, merged.itemsPerShard) = (other.shards, other.itemsPerShard) }
        merged.sbatchArgs = sbatchArgs + other.sbatchArgs
        return merged
    }

    /// What is wrong with the settings, in words naming the setting (`problems(flags: true)` for the command line).
    public func problems(flags: Bool = false) -> [String] {
        func name(_ field: Field) -> String { flags ? "--\(field.flag)" : "`\(field.rawValue)`" }
        var found = [String]()
        for (field, value) in [(Field.cpusPerTask, cpusPerTask), (.shards, shards), (.itemsPerShard, itemsPerShard)] {
            if let value, value < 1 { found.append("\(name(field)) must be at least 1, got \(value)") }
        }
        if shards != nil && itemsPerShard != nil {
            found.append("\(name(.shards)) and \(name(.itemsPerShard)) exclude each other: give one")
        }
        return found
    }

    /// How many array tasks `count` items make.
    public func shardCount(items count: Int) -> Int {
        guard count > 0 else { return 0 }
        if let itemsPerShard { return (count + itemsPerShard - 1) / max(1, itemsPerShard) }
        return min(shards ?? Self.defaultShards, count)
    }

    /// The `sbatch` arguments these settings make (before the array, job name and log options).
    public var sbatchArguments: [String] {
        var arguments = [String]()
        if let partition { arguments.append("--partition=\(partition)") }
        if let account { arguments.append("--account=\(account)") }
        if let time { arguments.append("--time=\(time)") }
        if let cpusPerTask { arguments.append("--cpus-per-task=\(cpusPerTask)") }
        if let mem { arguments.append("--mem=\(mem)") }
        return arguments + sbatchArgs
    }

    init(_ entries: [OptionValue.MapEntry], diagnostics: inout [Diagnostic]) {
        self.init()
        for entry in entries {
            guard let field = Field(rawValue: entry.key) else {
                let keys = Field.allCases.map(\.rawValue)
                diagnostics.append(
                    Diagnostic(
                        "unknown Slurm setting `\(entry.key)`", at: entry.keyLocation,
                        hint: Suggestion.hint(for: entry.key, in: keys) ?? "settings: \(keys.joined(separator: ", "))"))
                continue
            }
            let value = entry.value
            if field == .sbatchArgs {
                switch value.value {
                case .list(let items):
                    sbatchArgs = items.compactMap { item in
                        if case .string(let s) = item.value { return s }
                        diagnostics.append(Diagnostic("`sbatch_args` holds text arguments like `--qos=long`", at: item.location))
                        return nil
                    }
                case .string(let s): sbatchArgs = [s]
                default: diagnostics.append(Diagnostic("`sbatch_args` is a list of arguments, e.g. `[--qos=long]`", at: value.location))
                }
                continue
            }
            if field.isCount {
                guard case .int(let n) = value.value else {
                    diagnostics.append(Diagnostic("`\(field.rawValue)` must be a whole number, got \(value.value.display)", at: value.location))
                    continue
                }
                switch field {
                case .cpusPerTask: cpusPerTask = n
                case .shards: shards = n
                default: itemsPerShard = n
                }
                continue
            }
            let text: String
            switch value.value {
            case .string(let s): text = s
            case .int, .double: text = value.value.display
            default:
                diagnostics.append(Diagnostic("`\(field.rawValue)` must be text, got \(value.value.display)", at: value.location))
                continue
            }
            switch field {
            case .partition: partition = text
            case .account: account = text
            case .time: time = text
            default: mem = text
            }
        }
        for problem in problems() { diagnostics.append(Diagnostic(problem, at: entries.first?.keyLocation)) }
    }
}
