import Foundation
import Slurm
import Testing

@testable import ReportEngine

/// The executor settings: read from the front matter, overridden by the command line, turned into
/// sbatch arguments and shard counts.
@Suite struct SlurmSettingsTests {
    private let registry = ExecutorRegistry([SlurmExecutor.kind])

    /// The Slurm settings a template's `executor:` (and command-line settings) resolve to: nil for local;
    /// the problems found, as text.
    private func resolve(
        _ executor: String?, name: String? = nil, _ given: [ExecutorRegistry.CommandLineSetting] = []
    ) throws -> (settings: SlurmSettings?, problems: String) {
        let front = "---\ntitle: t\n" + (executor.map { "executor: \($0)\n" } ?? "") + "---\n\ntext\n"
        let template = try TemplateParser().parse(source: front, path: "t.md").frontMatter.executor
        var diagnostics = [Diagnostic]()
        let chosen = registry.resolve(template: template, commandLine: name, settings: given, diagnostics: &diagnostics)
        return (chosen.map { SlurmSettings($0.settings) }, DiagnosticList(diagnostics).description)
    }

    private func problems(_ executor: String?, name: String? = nil, _ given: [ExecutorRegistry.CommandLineSetting] = []) -> String {
        do { return try resolve(executor, name: name, given).problems } catch { return "\(error)" }
    }

    @Test func theFrontMatterNamesTheExecutorAndItsSettings() throws {
        #expect(try resolve("local").settings == nil)
        #expect(try resolve(nil).settings == nil)
        #expect(try resolve("slurm").settings == SlurmSettings())
        let settings = try #require(
            try resolve("{slurm: {partition: gpu, shards: 20, time: \"1:00:00\", cpus_per_task: 4, mem: 8G, sbatch_args: [--qos=long]}}").settings)
        #expect(settings.partition == "gpu" && settings.shards == 20 && settings.cpusPerTask == 4)
        #expect(settings.sbatchArguments == ["--partition=gpu", "--time=1:00:00", "--cpus-per-task=4", "--mem=8G", "--qos=long"])
        // Minutes and megabytes as plain numbers, one sbatch argument as a list of one.
        let numbers = try #require(try resolve("{slurm: {time: 90, mem: 4000, sbatch_args: --qos=long}}").settings)
        #expect(numbers.sbatchArguments == ["--time=90", "--mem=4000", "--qos=long"])
    }

    @Test func badSettingsAreErrorsAtTheirLine() {
        let unknown = problems("{slurm: {partion: gpu}}")
        #expect(
            unknown.contains("t.md:3:") && unknown.contains("unknown option `partion` for `slurm`") && unknown.contains("partition"), "\(unknown)")
        #expect(problems("{slurm: {shards: 4, items_per_shard: 10}}").contains("`shards` and `items_per_shard` exclude each other"))
        #expect(problems("{slurm: {shards: 0}}").contains("`shards` = 0 is out of range"))
        #expect(problems("{slurm: {shards: many}}").contains("`shards` must be integer in 1…∞, got a string `many`"))
        #expect(problems("{slurm: {sbatch_args: {qos: long}}}").contains("`sbatch_args` must be text, got a mapping"))
        let kubernetes = problems("kubernetes")
        #expect(kubernetes.contains("t.md:3:") && kubernetes.contains("unknown executor `kubernetes`") && kubernetes.contains("local, slurm"))
        #expect(problems("{slurm: gpu}").contains("takes a mapping of settings"))
        #expect(problems("{local: {partition: gpu}}").contains("the `local` executor takes no settings"))
    }

    @Test func everySettingRefusesValuesOfTheWrongKindOrRange() {
        for setting in SlurmExecutor.kind.settings {
            let problem = problems("{slurm: {\(setting.name): {a: 1}}}")
            #expect(problem.contains("`\(setting.name)` must be"), "\(setting.name): \(problem)")
        }
        for count in [SlurmSettings.cpusPerTask, SlurmSettings.shards, SlurmSettings.itemsPerShard] {
            #expect(problems("{slurm: {\(count.name): 0}}").contains("`\(count.name)` = 0 is out of range"))
        }
    }

    @Test func theCommandLineWinsSettingBySetting() throws {
        let template = "{slurm: {partition: gpu, shards: 20, mem: 8G, sbatch_args: [--qos=long]}}"
        let given: [ExecutorRegistry.CommandLineSetting] = [
            ("partition", "cpu", "--partition"), ("items_per_shard", "100", "--items-per-shard"), ("sbatch_args", "--nice=10", "--sbatch-arg"),
        ]
        let merged = try #require(try resolve(template, given).settings)
        #expect(merged.partition == "cpu" && merged.mem == "8G")
        // One way of cutting the items replaces the other.
        #expect(merged.shards == nil && merged.itemsPerShard == 100)
        #expect(merged.sbatchArgs == ["--qos=long", "--nice=10"])
        // `--executor local` sets the template's executor aside; settings without an executor are refused.
        #expect(try resolve(template, name: "local").settings == nil)
        #expect(problems(nil, [("partition", "cpu", "--partition")]).contains("add --executor slurm"))
        // Flags are read as the declaration wants, and named when they do not fit.
        #expect(try resolve(nil, name: "slurm", [("shards", "4", "--shards")]).settings?.shards == 4)
        let bad = problems(nil, name: "slurm", [("shards", "many", "--shards")])
        #expect(bad.contains("command line (--shards): error: `shards` must be integer in 1…∞, got a string `many`"), "\(bad)")
        // Repeated: a list setting gathers every value, any other keeps the last.
        let repeated = try #require(
            try resolve(
                nil, name: "slurm",
                [
                    ("shards", "3", "--executor-setting shards"), ("shards", "5", "--shards"), ("sbatch_args", "--a", "--sbatch-arg"),
                    ("sbatch_args", "--b", "--sbatch-arg"),
                ]
            ).settings)
        #expect(repeated.shards == 5 && repeated.sbatchArgs == ["--a", "--b"])
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
