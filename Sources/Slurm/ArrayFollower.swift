import Foundation
import ReportEngine
import Synchronization

/// Follows the array jobs of one sharded step: which shards are pending, running, done or failed, how
/// many items are in the cache, until every task has ended. A task Slurm no longer lists has ended; it
/// is done when it wrote its done marker, failed otherwise.
final class ArrayFollower: Sendable {
    let work: ShardWork
    let folder: URL
    let shardCount: Int
    let commands: SlurmCommands
    let pollInterval: Double
    private let arrays = Mutex([ArrayJob]())
    private let tally: Mutex<StoredItemTally>
    private let started = Date()

    /// Consecutive failures of `squeue` tolerated (a busy controller) before giving up.
    static let queueRetries = 30

    /// `shards`: the plan's items per shard.
    init(work: ShardWork, folder: URL, shards: [[Int]], commands: SlurmCommands, pollInterval: Double) {
        (self.work, self.folder, self.shardCount, self.commands, self.pollInterval) = (work, folder, shards.count, commands, pollInterval)
        tally = Mutex(StoredItemTally(shards: shards))
    }

    func add(_ array: ArrayJob) { arrays.withLock { $0.append(array) } }

    var jobs: [String] { arrays.withLock { $0.map(\.id) } }

    /// Waits for shard 0 to write its start marker; throws if it ended without one.
    func awaitStartMarker(of array: ArrayJob) throws {
        let marker = ShardPlan.startMarker(0, in: folder)
        var failedLooks = 0
        while !FileManager.default.fileExists(atPath: marker.path) {
            let queued: [Int: String]
            do {
                queued = try commands.queuedTasks(of: array.id)
                failedLooks = 0
            } catch {
                failedLooks += 1
                if failedLooks > Self.queueRetries { throw error }
                Thread.sleep(forTimeInterval: pollInterval)
                continue
            }
            report(states: [0: queued[0]])
            if queued[0] == nil {
                // Ended: a marker written just before it left the queue still counts.
                if FileManager.default.fileExists(atPath: marker.path) { return }
                let task = "\(array.id)_0"
                let log = logFile(array.id, 0)
                throw SlurmError.cacheNotShared(
                    cache: work.cache.directory.path, job: task, state: commands.finalState(of: task),
                    log: log.path, logTail: Self.tail(of: log))
            }
            Thread.sleep(forTimeInterval: pollInterval)
        }
    }

    /// Follows every array until all their tasks have ended; returns the shards that failed.
    func followToEnd() throws -> [ShardFailure] {
        var failedLooks = 0
        while true {
            var states = [Int: String?]()
            do {
                for array in arrays.withLock({ $0 }) {
                    let queued = try commands.queuedTasks(of: array.id)
                    for index in array.indices { states[index] = .some(queued[index]) }
                }
                failedLooks = 0
            } catch {
                failedLooks += 1
                if failedLooks > Self.queueRetries { throw error }
                Thread.sleep(forTimeInterval: pollInterval)
                continue
            }
            let counts = report(states: states)
            if counts.hasEnded { break }
            Thread.sleep(forTimeInterval: pollInterval)
        }
        return arrays.withLock { $0 }.flatMap { array in
            array.indices.compactMap { index -> ShardFailure? in
                guard !isDone(index) else { return nil }
                let task = "\(array.id)_\(index)"
                let log = logFile(array.id, index)
                return ShardFailure(index: index, job: task, state: commands.finalState(of: task), log: log.path, logTail: Self.tail(of: log))
            }
        }
    }

    /// Shows how the shards stand (those not in `states` are not submitted yet: pending) and returns the counts.
    @discardableResult
    private func report(states: [Int: String?]) -> ShardCounts {
        let phases = (0..<shardCount).map { index -> ShardPhase in
            switch states[index] {
            case nil: .pending  // not submitted yet
            case .some(nil): isDone(index) ? .done : .failed
            case .some(.some(let state)): Self.runningStates.contains(state) ? .running : .pending
            }
        }
        var counts = ShardCounts()
        for phase in phases {
            switch phase {
            case .pending: counts.pending += 1
            case .running: counts.running += 1
            case .done: counts.done += 1
            case .failed: counts.failed += 1
            }
        }
        let stored = tally.withLock { $0.count(phases) { work.items.isDone($0, in: work.cache) } }
        work.progress(
            StepProgress(
                stepID: work.stepID, directive: work.directive, unit: work.items.unit, done: stored,
                total: work.pending.count, seconds: Date().timeIntervalSince(started), shards: counts))
        return counts
    }

    static let runningStates: Set<String> = ["RUNNING", "COMPLETING", "CONFIGURING", "STAGE_OUT", "SIGNALING"]

    private func isDone(_ index: Int) -> Bool { FileManager.default.fileExists(atPath: ShardPlan.doneMarker(index, in: folder).path) }

    private func logFile(_ job: String, _ index: Int) -> URL { folder.appendingPathComponent("logs").appendingPathComponent("\(job)_\(index).out") }

    /// What a log says went wrong: its first error line, or else its last line; nil without a log.
    static func tail(of log: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: log.path) else { return nil }
        let lines = String(decoding: data.suffix(16384), as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return lines.first { $0.contains("error:") || $0.contains("error]") || $0.hasPrefix("litmus shard on") } ?? lines.last
    }
}
