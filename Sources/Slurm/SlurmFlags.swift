import ArgumentParser
import ReportEngine

/// The Slurm settings as flags of `litmus render` and `watch` (`--partition gpu`, `--sbatch-arg=…`), each
/// named and documented from its declaration in `SlurmSettings`. The values are handed on as text: the
/// executor registry checks them as it checks the front matter.
public struct SlurmFlags: ParsableArguments {
    @ArgumentParser.Option(name: .customLong(flag(SlurmSettings.partition)), help: help(SlurmSettings.partition)) var partition: String?
    @ArgumentParser.Option(name: .customLong(flag(SlurmSettings.account)), help: help(SlurmSettings.account)) var account: String?
    @ArgumentParser.Option(name: .customLong(flag(SlurmSettings.time)), help: help(SlurmSettings.time)) var time: String?
    @ArgumentParser.Option(name: .customLong(flag(SlurmSettings.cpusPerTask)), help: help(SlurmSettings.cpusPerTask)) var cpusPerTask: String?
    @ArgumentParser.Option(name: .customLong(flag(SlurmSettings.mem)), help: help(SlurmSettings.mem)) var mem: String?
    @ArgumentParser.Option(name: .customLong(flag(SlurmSettings.shards)), help: help(SlurmSettings.shards)) var shards: String?
    @ArgumentParser.Option(name: .customLong(flag(SlurmSettings.itemsPerShard)), help: help(SlurmSettings.itemsPerShard)) var itemsPerShard: String?
    @ArgumentParser.Option(name: .customLong("sbatch-arg"), parsing: .singleValue, help: help(SlurmSettings.sbatchArgs)) var sbatchArg: [String] = []

    public init() {}

    /// The flags given, as settings of the `slurm` executor.
    public var settings: [ExecutorRegistry.CommandLineSetting] {
        let single: [(any OptionKey, String?)] = [
            (SlurmSettings.partition, partition), (SlurmSettings.account, account), (SlurmSettings.time, time),
            (SlurmSettings.cpusPerTask, cpusPerTask), (SlurmSettings.mem, mem), (SlurmSettings.shards, shards),
            (SlurmSettings.itemsPerShard, itemsPerShard),
        ]
        return single.compactMap { key, text in text.map { (key.name, $0, "--" + Self.flag(key)) } }
            + sbatchArg.map { (SlurmSettings.sbatchArgs.name, $0, "--sbatch-arg") }
    }

    /// `cpus_per_task` → `cpus-per-task`.
    static func flag(_ key: some OptionKey) -> String { key.name.replacingOccurrences(of: "_", with: "-") }

    static func help(_ key: some OptionKey) -> ArgumentHelp { ArgumentHelp(key.spec.doc) }
}
