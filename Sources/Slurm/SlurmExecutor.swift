import Foundation
import ReportEngine
import Synchronization

/// Hands a sharded step's missing items to Slurm as one array job whose tasks run `litmus shard PLAN
/// INDEX` with this binary, follows the array with `squeue` until every task has ended, and reports
/// the shards that ended without their items. The shared cache folder is the only channel: the plan,
/// the tasks' markers and logs live in it, and the tasks store their items in it.
///
/// The first array a render submits is one task; only when its marker shows that a node could read the
/// plan and write into the cache are the other shards submitted.
public final class SlurmExecutor: ShardExecutor {
    public let settings: SlurmSettings
    public let commands: SlurmCommands
    /// The litmus binary the tasks run: this process's own, so they compute as it would.
    public let binary: URL
    /// Seconds between two looks at the queue.
    public let pollInterval: Double

    private struct State {
        /// Arrays submitted and not yet ended, for `cancelAll`.
        var active: Set<String> = []
        /// A task has written its marker into the cache: the nodes see it.
        var cacheShared = false
    }
    private let state = Mutex(State())

    public init(
        settings: SlurmSettings, commands: SlurmCommands = SlurmCommands(), binary: URL = SlurmExecutor.currentBinary,
        pollInterval: Double = 1
    ) {
        (self.settings, self.commands, self.binary, self.pollInterval) = (settings, commands, binary, pollInterval)
    }

    /// This process's executable, absolute.
    public static var currentBinary: URL {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: target) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    /// Cancels every array still running (Ctrl-C) and names them.
    public func cancelAll() -> String? {
        let jobs = state.withLock { Array($0.active).sorted() }
        guard !jobs.isEmpty else { return nil }
        commands.cancel(jobs)
        return "the Slurm job(s) \(jobs.joined(separator: ", ")) (scancel)"
    }

    public func compute(_ work: ShardWork) throws {
        let shards = ShardPlan.split(work.pending, into: settings.shardCount(items: work.pending.count))
        let folder = ShardPlan.newFolder(in: work.cache.directory, stepID: work.stepID)
        let plan = ShardPlan(
            origin: work.origin, stepID: work.stepID, directive: work.directive, cacheDirectory: work.cache.directory,
            unit: work.items.unit, shards: shards)
        let script = folder.appendingPathComponent("task.sh")
        do {
            try plan.write(to: folder)
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
            try Data(taskScript(plan: folder.appendingPathComponent(ShardPlan.fileName)).utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        } catch {
            throw SlurmError.cannotWritePlan(folder.path, error.localizedDescription)
        }
        work.log(
            "submitting \(work.directive) #\(work.stepID) to Slurm: \(work.pending.count) \(work.items.unit) in \(shards.count) shard(s) — \(folder.path)"
        )
        let follower = ArrayFollower(work: work, folder: folder, shards: shards, commands: commands, pollInterval: pollInterval)
        do {
            if state.withLock({ $0.cacheShared }) {
                follower.add(try submit(0...(shards.count - 1), work: work, folder: folder, script: script))
            } else {
                let first = try submit(0...0, work: work, folder: folder, script: script)
                follower.add(first)
                try follower.awaitStartMarker(of: first)
                state.withLock { $0.cacheShared = true }
                if shards.count > 1 { follower.add(try submit(1...(shards.count - 1), work: work, folder: folder, script: script)) }
            }
        } catch {
            // Nothing the step submitted is left running unfollowed, and a plan no task ran leaves
            // nothing behind. A probe that ran keeps its folder: the error points at its log.
            commands.cancel(follower.jobs)
            state.withLock { $0.active.subtract(follower.jobs) }
            if follower.jobs.isEmpty { try? FileManager.default.removeItem(at: folder) }
            throw error
        }
        let failures = try follower.followToEnd()
        state.withLock { $0.active.subtract(follower.jobs) }
        // A step whose shards all finished needs neither its plan nor its logs; a failed one keeps them.
        if failures.isEmpty { try? FileManager.default.removeItem(at: folder) }
        guard failures.isEmpty else {
            let done = work.doneCount()
            throw SlurmError.shardsFailed(
                step: work.stepID, unit: work.items.unit, failures: failures, done: work.items.count - (work.pending.count - done),
                missing: work.pending.count - done)
        }
    }

    private func submit(_ indices: ClosedRange<Int>, work: ShardWork, folder: URL, script: URL) throws -> ArrayJob {
        let arguments =
            settings.sbatchArguments + [
                "--array=\(indices.lowerBound)-\(indices.upperBound)", "--job-name=litmus-\(work.stepID)",
                "--output=\(folder.appendingPathComponent("logs").path)/%A_%a.out", script.path,
            ]
        let id = try commands.sbatch(arguments)
        state.withLock { _ = $0.active.insert(id) }
        return ArrayJob(id: id, indices: indices)
    }

    private func taskScript(plan: URL) -> String {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return """
            #!/bin/sh
            # A litmus shard task, submitted by a render with `sbatch --array`: computes the items of shard
            # $SLURM_ARRAY_TASK_ID of the plan beside this script into the shared cache.
            exec \(quoted(binary.path)) shard \(quoted(plan.path)) "${SLURM_ARRAY_TASK_ID:?run this script through sbatch --array}"

            """
    }
}

/// One `sbatch --array` submission: its job id and the shard indices it runs.
struct ArrayJob: Sendable, Equatable {
    let id: String
    let indices: ClosedRange<Int>
}
