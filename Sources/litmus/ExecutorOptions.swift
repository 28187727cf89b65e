import ArgumentParser
import Foundation
import ReportEngine
import Slurm
import Synchronization

/// The executors litmus knows, beside `local`. A site's own goes here, one line.
let executorRegistry = ExecutorRegistry([SlurmExecutor.kind])

/// `--executor` and its settings: shared by `render` (with or without `--only`) and `watch`. The
/// template's front matter (`executor: {slurm: {…}}`) gives defaults; what is given here wins. The
/// settings are checked by the registry, the same way as the front matter's.
struct ExecutorOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where sharded steps (features, gradcam, agreement_sweep, stability) run: \(executorRegistry.names.joined(separator: ", ")) (default: the front matter's `executor`, else local).",
            valueName: "name"))
    var executor: String?

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp("A setting of the executor, as in the front matter: --executor-setting shards=20 (repeatable).", valueName: "name=value"))
    var executorSetting: [String] = []

    @OptionGroup(title: "Slurm") var slurm: SlurmFlags

    /// Every setting given, by flag or by `--executor-setting`.
    var settings: [ExecutorRegistry.CommandLineSetting] {
        get throws {
            try slurm.settings
                + executorSetting.map { pair in
                    guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                        throw ValidationError("--executor-setting takes name=value, got `\(pair)`")
                    }
                    return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]), "--executor-setting \(pair[..<equals])")
                }
        }
    }

    /// Whether sharded steps leave this process (they need the cache then).
    var leavesTheProcess: Bool { executor.map { $0 != ExecutorSettings.local } ?? false }

    func validate() throws {
        let settings = try settings
        // Without --executor the template may name the executor: its settings are checked when it is read.
        guard executor != nil || settings.isEmpty else { return }
        var diagnostics = [Diagnostic]()
        _ = executorRegistry.resolve(template: nil, commandLine: executor, settings: settings, diagnostics: &diagnostics)
        if let problem = diagnostics.first {
            throw ValidationError([problem.location.map { "\($0): " } ?? "", problem.message, problem.hint.map { " (\($0))" } ?? ""].joined())
        }
    }

    /// What a renderer needs to find the executor; the executors it makes are kept in `running` so
    /// Ctrl-C can cancel what they started.
    func choice(running: RunningExecutors) throws -> ExecutorChoice {
        ExecutorChoice(registry: executorRegistry, name: executor, settings: try settings, made: running.add)
    }
}

/// The executors of this process, so an interrupt can cancel what they started.
final class RunningExecutors: Sendable {
    private let executors = Mutex([any ShardExecutor]())

    func add(_ executor: any ShardExecutor) { executors.withLock { $0.append(executor) } }

    /// Cancels everything still running; says so when there was any.
    func cancelAll() {
        for cancelled in executors.withLock({ $0 }).compactMap({ $0.cancelAll() }) { Console.error("\ncancelled \(cancelled)") }
    }
}
