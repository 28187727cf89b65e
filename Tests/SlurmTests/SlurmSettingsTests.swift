import Foundation
import Slurm
import Testing

@testable import ReportEngine

/// The executor settings: read from the front matter, overridden by the command line, turned into
/// sbatch arguments and shard counts.
@Suite struct SlurmSettingsTests {
    private func frontMatter(_ executor: String) throws -> FrontMatter {
        try TemplateParser().parse(source: "---\ntitle: t\nexecutor: \(executor)\n---\n\ntext\n", path: "t.md").frontMatter
    }

    private func problems(_ executor: String) -> String {
        do {
            _ = try frontMatter(executor)
            return ""
        } catch { return "\(error)" }
    }

    @Test func theFrontMatterNamesTheExecutorAndItsSettings() throws {
        #expect(try frontMatter("local").executor == ExecutorSettings(kind: .local))
        #expect(try frontMatter("slurm").executor == ExecutorSettings(kind: .slurm))
        let settings = try #require(
            try frontMatter("{slurm: {partition: gpu, shards: 20, time: \"1:00:00\", cpus_per_task: 4, mem: 8G, sbatch_args: [--qos=long]}}").executor
        )
        #expect(settings.kind == .slurm)
        #expect(settings.slurm.partition == "gpu" && settings.slurm.shards == 20 && settings.slurm.cpusPerTask == 4)
        #expect(settings.slurm.sbatchArguments == ["--partition=gpu", "--time=1:00:00", "--cpus-per-task=4", "--mem=8G", "--qos=long"])
        #expect(try frontMatter("slurm").executor?.slurm == SlurmSettings())
        #expect(try TemplateParser().parse(source: "text\n", path: "t.md").frontMatter.executor == nil)
    }

    @Test func badSettingsAreErrorsAtTheirLine() {
        let unknown = problems("{slurm: {partion: gpu}}")
        #expect(unknown.contains("t.md:3:") && unknown.contains("unknown Slurm setting `partion`") && unknown.contains("partition"), "\(unknown)")
        #expect(problems("{slurm: {shards: 4, items_per_shard: 10}}").contains("`shards` and `items_per_shard` exclude each other"))
        #expect(problems("{slurm: {shards: 0}}").contains("`shards` must be at least 1, got 0"))
        #expect(problems("{slurm: {shards: many}}").contains("`shards` must be a whole number"))
        #expect(problems("kubernetes").contains("`executor` is `local` or `slurm`, got `kubernetes`"))
        #expect(problems("{local: {partition: gpu}}").contains("local has none"))
    }

    @Test func theCommandLineWinsFieldByField() {
        var template = SlurmSettings()
        (template.partition, template.shards, template.mem, template.sbatchArgs) = ("gpu", 20, "8G", ["--qos=long"])
        var given = SlurmSettings()
        (given.partition, given.itemsPerShard, given.sbatchArgs) = ("cpu", 100, ["--nice=10"])
        let merged = template.overridden(by: given)
        #expect(merged.partition == "cpu" && merged.mem == "8G")
        // One way of cutting the items replaces the other.
        #expect(merged.shards == nil && merged.itemsPerShard == 100)
        #expect(merged.sbatchArgs == ["--qos=long", "--nice=10"])
        #expect(merged.problems().isEmpty)
    }

    @Test func shardCountsFollowTheSettings() {
        var settings = SlurmSettings()
        #expect(settings.shardCount(items: 12_000) == SlurmSettings.defaultShards)
        #expect(settings.shardCount(items: 3) == 3)
        #expect(settings.shardCount(items: 0) == 0)
        settings.itemsPerShard = 500
        #expect(settings.shardCount(items: 12_000) == 24)
        #expect(settings.shardCount(items: 12_001) == 25)
        settings = SlurmSettings()
        settings.shards = 4
        #expect(settings.shardCount(items: 29) == 4)
    }

    @Test func shardsAreConsecutiveAndDifferByOneAtMost() {
        let pending = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]
        let shards = ShardPlan.split(pending, into: 4)
        #expect(shards == [[2, 3, 5], [7, 11, 13], [17, 19], [23, 29]])
        #expect(ShardPlan.split(pending, into: 20).count == pending.count)
        #expect(ShardPlan.split([], into: 4).isEmpty)
        for count in 1...12 {
            let split = ShardPlan.split(Array(0..<37), into: count)
            #expect(split.flatMap { $0 } == Array(0..<37))
            #expect(split.map(\.count).max()! - split.map(\.count).min()! <= 1)
        }
    }

    @Test func progressNamesTheShards() {
        let progress = StepProgress(
            stepID: "f", directive: "features", unit: "images", done: 120, total: 400, seconds: 10,
            shards: ShardCounts(done: 1, running: 2, pending: 1, failed: 0))
        #expect(progress.description.hasPrefix("features #f: 120/400 images · shards 1 done / 2 running / 1 pending / 0 failed · 12.0/s"))
        #expect(!progress.isFinished)
        let ended = StepProgress(
            stepID: "f", directive: "features", unit: "images", done: 300, total: 400, seconds: 10,
            shards: ShardCounts(done: 3, failed: 1))
        #expect(ended.isFinished)
    }
}
