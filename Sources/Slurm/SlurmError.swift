import Foundation

/// What can go wrong handing a step to Slurm, each in words that say what to install, configure or do.
public enum SlurmError: Error, CustomStringConvertible, Equatable {
    /// A Slurm command is not on PATH.
    case missingCommand(String)
    /// `sbatch` (or another command) ran and refused.
    case refused(command: String, status: Int32, message: String)
    /// The first task ended without writing its marker: the nodes do not see or cannot write the cache.
    case cacheNotShared(cache: String, job: String, state: String?, log: String, logTail: String?)
    /// Some shards ended without all their items.
    case shardsFailed(step: String, unit: String, failures: [ShardFailure], done: Int, missing: Int)
    /// The plan could not be written into the cache folder.
    case cannotWritePlan(String, String)

    public var description: String {
        switch self {
        case .missingCommand(let name):
            "`\(name)` is not on PATH: --executor slurm needs Slurm's client commands (sbatch, squeue, scancel; Debian: apt-get install slurm-client) "
                + "configured for your cluster (SLURM_CONF or /etc/slurm/slurm.conf); or render with --executor local"
        case .refused(let command, let status, let message):
            "`\(command)` refused (exit \(status)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
                + (command == "sbatch"
                    ? " — check --partition, --account, --time and --sbatch-arg against your site's settings (sinfo, sacctmgr show assoc)" : "")
        case .cacheNotShared(let cache, let job, let state, let log, let tail):
            "the first shard task (job \(job)) ended\(state.map { " (\($0))" } ?? "") without writing its marker into \(cache): "
                + "the nodes cannot see or cannot write the cache folder. --cache must be a folder on a file system every node mounts at the same path "
                + "and the job's user can write (and its parent's work/ folder, where demo images are made)."
                + (tail.map { " The task said: \($0)" } ?? " It left no log at \(log) either.")
        case .shardsFailed(let step, let unit, let failures, let done, let missing):
            "\(failures.count) shard(s) of #\(step) failed; \(done) \(unit) are in the cache, \(missing) missing — render again to submit only those:\n"
                + failures.map { "  " + $0.description }.joined(separator: "\n")
        case .cannotWritePlan(let path, let why): "cannot write the shard plan into \(path): \(why)"
        }
    }
}

/// A shard that ended without all its items: which, under which job, why, and where its log is.
public struct ShardFailure: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    /// `1234_5`: the array job and task.
    public let job: String
    /// Slurm's final word (FAILED, CANCELLED, TIMEOUT, PREEMPTED, NODE_FAIL, OUT_OF_MEMORY), when it still knows the task.
    public let state: String?
    public let log: String
    /// The last lines of the log, when there is one.
    public let logTail: String?

    public var description: String {
        "shard \(index) (job \(job)\(state.map { ", \($0)" } ?? "")): log \(log)" + (logTail.map { " — \($0)" } ?? "")
    }
}
