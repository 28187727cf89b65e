import ReportEngine

/// How sharded steps are handed to Slurm: the `sbatch` options a site needs and how to cut the items into
/// array tasks. Every setting is optional; unset ones are left to the site's defaults. Declared once
/// here: the front matter (`executor: {slurm: {…}}`), the flags (`SlurmFlags`), `--help` and the
/// validation read these declarations.
public struct SlurmSettings: Sendable, Equatable {
    public static let partition = Option<String?>(
        "partition", .string, role: .execution, doc: "The Slurm partition for the shard tasks (sbatch --partition).")
    public static let account = Option<String?>(
        "account", .string, role: .execution, doc: "The Slurm account charged for the shard tasks (sbatch --account).")
    public static let time = Option<String?>(
        "time", .oneOf([.string, .int(1...Int.max)]), role: .execution,
        doc: "The time limit of each shard task, e.g. 2:00:00, or minutes (sbatch --time).")
    public static let cpusPerTask = Option<Int?>(
        "cpus_per_task", .int(1...Int.max), role: .execution,
        doc: "Cores of each shard task (sbatch --cpus-per-task); bind tasks to them (task/affinity, cgroups) so litmus sees only these.")
    public static let mem = Option<String?>(
        "mem", .oneOf([.string, .int(1...Int.max)]), role: .execution,
        doc: "Memory of each shard task, e.g. 8G, or megabytes (sbatch --mem).")
    public static let shards = Option<Int?>(
        "shards", .int(1...Int.max), role: .execution,
        doc: "Array tasks per sharded step (default \(defaultShards), fewer when there are fewer items).")
    public static let itemsPerShard = Option<Int?>(
        "items_per_shard", .int(1...Int.max), role: .execution, doc: "Or: items (images, dimensions, seeds) per array task.")
    public static let sbatchArgs = Option<[String]>(
        "sbatch_args", .list(.string), default: [], role: .execution,
        doc: "Any other sbatch argument, written with `=`: --sbatch-arg=--qos=long (repeatable; a list in the front matter).")

    public static let declared: [any OptionKey] = [partition, account, time, cpusPerTask, mem, shards, itemsPerShard, sbatchArgs]

    /// Shards per step when neither `shards` nor `items_per_shard` is given.
    public static let defaultShards = 16

    public var partition: String?
    public var account: String?
    public var time: String?
    public var cpusPerTask: Int?
    public var mem: String?
    public var shards: Int?
    public var itemsPerShard: Int?
    public var sbatchArgs: [String] = []

    public init() {}

    /// The settings a render resolved (validated by the registry against `declared`).
    public init(_ options: ResolvedOptions) {
        (partition, account, time) = (options[Self.partition], options[Self.account], options[Self.time])
        (cpusPerTask, mem, shards) = (options[Self.cpusPerTask], options[Self.mem], options[Self.shards])
        (itemsPerShard, sbatchArgs) = (options[Self.itemsPerShard], options[Self.sbatchArgs])
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
}

extension SlurmExecutor {
    /// The `slurm` executor as a registry entry.
    public static let kind = ExecutorKind(
        name: "slurm", doc: "each sharded step's missing items as one Slurm array job; the shared cache is the channel",
        settings: OptionSpec.of(SlurmSettings.declared),
        exclusive: [[SlurmSettings.shards.name, SlurmSettings.itemsPerShard.name]]
    ) { options in SlurmExecutor(settings: SlurmSettings(options)) }
}
