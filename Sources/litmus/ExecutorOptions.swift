import ArgumentParser
import Foundation
import ReportEngine
import Slurm
import Synchronization

/// `--executor` and the Slurm settings: shared by `render` (with or without `--only`) and `watch`. The
/// template's front matter (`executor: {slurm: {…}}`) gives defaults; what is given here wins.
struct ExecutorOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Where sharded steps (features, gradcam, agreement_sweep, stability) run: local or slurm (default: the front matter's `executor`, else local)."
    )
    var executor: ExecutorSettings.Kind?

    @Option(name: .customLong(SlurmSettings.Field.partition.flag), help: ArgumentHelp(SlurmSettings.Field.partition.doc))
    var partition: String?
    @Option(name: .customLong(SlurmSettings.Field.account.flag), help: ArgumentHelp(SlurmSettings.Field.account.doc))
    var account: String?
    @Option(name: .customLong(SlurmSettings.Field.time.flag), help: ArgumentHelp(SlurmSettings.Field.time.doc))
    var time: String?
    @Option(name: .customLong(SlurmSettings.Field.cpusPerTask.flag), help: ArgumentHelp(SlurmSettings.Field.cpusPerTask.doc))
    var cpusPerTask: Int?
    @Option(name: .customLong(SlurmSettings.Field.mem.flag), help: ArgumentHelp(SlurmSettings.Field.mem.doc))
    var mem: String?
    @Option(name: .customLong(SlurmSettings.Field.shards.flag), help: ArgumentHelp(SlurmSettings.Field.shards.doc))
    var shards: Int?
    @Option(name: .customLong(SlurmSettings.Field.itemsPerShard.flag), help: ArgumentHelp(SlurmSettings.Field.itemsPerShard.doc))
    var itemsPerShard: Int?
    @Option(name: .customLong("sbatch-arg"), parsing: .singleValue, help: ArgumentHelp(SlurmSettings.Field.sbatchArgs.doc))
    var sbatchArg: [String] = []

    /// The settings given on the command line.
    var commandLine: SlurmSettings {
        var settings = SlurmSettings()
        (settings.partition, settings.account, settings.time, settings.cpusPerTask) = (partition, account, time, cpusPerTask)
        (settings.mem, settings.shards, settings.itemsPerShard, settings.sbatchArgs) = (mem, shards, itemsPerShard, sbatchArg)
        return settings
    }

    var givesSlurmSettings: Bool { commandLine != SlurmSettings() }

    func validate() throws {
        if let problem = commandLine.problems(flags: true).first { throw ValidationError(problem) }
        if executor == .local && givesSlurmSettings {
            throw ValidationError("the Slurm settings (--partition, --shards, …) need --executor slurm")
        }
    }

    /// The factory a renderer calls with the template's settings; the executors it makes are kept in
    /// `running` so Ctrl-C can cancel their arrays.
    func factory(running: RunningExecutors) -> ExecutorFactory {
        let (kind, commandLine) = (executor, commandLine)
        return { template in
            guard (kind ?? template?.kind ?? .local) == .slurm else { return nil }
            let settings = (template?.slurm ?? SlurmSettings()).overridden(by: commandLine)
            if let problem = settings.problems().first { throw ValidationError("executor settings: " + problem) }
            let executor = SlurmExecutor(settings: settings)
            running.add(executor)
            return executor
        }
    }
}

extension ExecutorSettings.Kind: ExpressibleByArgument {}

/// The Slurm executors of this process, so an interrupt can cancel what they submitted.
final class RunningExecutors: Sendable {
    private let executors = Mutex([SlurmExecutor]())

    func add(_ executor: SlurmExecutor) { executors.withLock { $0.append(executor) } }

    /// Cancels every array still running; says so when there were any.
    func cancelAll() {
        let jobs = executors.withLock { $0 }.flatMap { $0.cancelAll() }
        if !jobs.isEmpty { Console.error("\ncancelled the Slurm job(s) \(jobs.joined(separator: ", ")) (scancel)") }
    }
}
