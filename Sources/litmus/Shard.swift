import ArgumentParser
import DirectiveLibrary
import Foundation
import ReportEngine

/// `litmus shard PLAN INDEX`: what one Slurm array task runs. Reads the plan a render wrote into the
/// shared cache, proves it can write there (the marker the render waits for), computes the shard's
/// items into the cache and marks the shard done.
struct Shard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute one shard of a sharded step into the shared cache (what `--executor slurm` submits; not for direct use).",
        discussion: "Exit codes: 0 the shard's items are in the cache, 1 they are not (the message says why).")

    @Argument(help: "The shard plan (plan.json in the cache folder's shards/).")
    var plan: String

    @Argument(help: "The shard's index (default: $SLURM_ARRAY_TASK_ID).")
    var index: Int?

    func run() throws {
        let planFile = URL(fileURLWithPath: plan)
        let folder = planFile.deletingLastPathComponent()
        let host = ProcessInfo.processInfo.hostName
        let shardPlan: ShardPlan
        do { shardPlan = try ShardPlan.read(planFile) } catch {
            Console.error("litmus shard on \(host): \(error)")
            throw ExitCode(1)
        }
        guard let index = index ?? ProcessInfo.processInfo.environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init) else {
            throw ValidationError("give the shard's index, or run under `sbatch --array` (SLURM_ARRAY_TASK_ID)")
        }
        guard shardPlan.shards.indices.contains(index) else {
            Console.error("litmus shard: \(ShardPlanError.noSuchShard(plan, index: index, count: shardPlan.shards.count))")
            throw ExitCode(1)
        }
        try mark(ShardPlan.startMarker(index, in: folder), host: host, cache: shardPlan.cacheDirectory)
        let items = shardPlan.shards[index]
        Console.error(
            "litmus shard \(index + 1)/\(shardPlan.shards.count) of \(shardPlan.directive) #\(shardPlan.stepID) on \(host): \(items.count) \(shardPlan.unit)"
        )
        let started = Date()
        let renderer = Renderer(
            cacheDirectory: URL(fileURLWithPath: shardPlan.cacheDirectory), log: { Console.error($0) },
            progress: { progress in if progress.isFinished { Console.error("  " + progress.description) } },
            allowedReadRoots: shardPlan.origin.allowedReadRoots.map { URL(fileURLWithPath: $0) })
        do { try renderer.computeShard(shardPlan, index: index) } catch {
            Console.error(error.description)
            throw ExitCode(1)
        }
        try mark(ShardPlan.doneMarker(index, in: folder), host: host, cache: shardPlan.cacheDirectory)
        Console.error(String(format: "litmus shard %d: done in %.1f s", index, Date().timeIntervalSince(started)))
    }

    /// Writes a marker (the host and process that wrote it); failing to is the cache not being writable here.
    private func mark(_ marker: URL, host: String, cache: String) throws {
        do { try Data("\(host) \(ProcessInfo.processInfo.processIdentifier)\n".utf8).write(to: marker) } catch {
            Console.error(
                "litmus shard on \(host): cannot write into the cache folder \(cache) (\(error.localizedDescription)); "
                    + "--cache must be a folder every node sees at the same path and the job's user can write")
            throw ExitCode(1)
        }
    }
}
