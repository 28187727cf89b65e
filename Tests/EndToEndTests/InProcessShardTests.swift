import DirectiveLibrary
import Foundation
import ReportTestSupport
import TestSupport
import Testing

@testable import ReportEngine

/// Every sharded directive's split, without a cluster: an executor that writes the shard plan and runs
/// each shard as `litmus shard` would, in this process and in reverse order. The render must equal a
/// local one, and the step's run afterwards must find every item in the cache.
@Suite struct InProcessShardTests {
    /// Runs a step's shards one after another through `Renderer.computeShard`; records what it was given.
    final class ShardsHere: ShardExecutor, @unchecked Sendable {
        let shardCount: Int
        private(set) var steps = [(directive: String, unit: String, pending: Int)]()
        private let lock = NSLock()

        init(shards: Int) { shardCount = shards }

        func compute(_ work: ShardWork) throws {
            lock.withLock { steps.append((work.directive, work.items.unit, work.pending.count)) }
            let plan = ShardPlan(
                origin: work.origin, stepID: work.stepID, directive: work.directive, cacheDirectory: work.cache.directory,
                unit: work.items.unit, shards: ShardPlan.split(work.pending, into: shardCount))
            let renderer = Renderer(
                cacheDirectory: work.cache.directory, allowedReadRoots: work.origin.allowedReadRoots.map { URL(fileURLWithPath: $0) })
            for index in plan.shards.indices.reversed() { try renderer.computeShard(plan, index: index) }
            #expect(work.doneCount() == work.pending.count, "\(work.directive) #\(work.stepID): shards left items undone")
        }

        func cancelAll() -> String? { nil }
    }

    @Test func everyShardedStepSplitsAndGathersToTheLocalBytes() throws {
        let root = try TestData.temporaryDirectory("litmus-shards-here")
        let template = ValidationReportTests.template.path
        let overrides = [("demo_count", "30"), ("per_group", "8"), ("size", "64"), ("stability_seeds", "3")]
        try Renderer(cacheDirectory: root.appendingPathComponent("local/cache"))
            .render(template, to: root.appendingPathComponent("local/out"), overrides: overrides)
        let executor = ShardsHere(shards: 3)
        let records = try Renderer(cacheDirectory: root.appendingPathComponent("shards/cache"), executor: .always(executor))
            .render(template, to: root.appendingPathComponent("shards/out"), overrides: overrides).records
        #expect(Set(executor.steps.map(\.directive)) == ["features", "gradcam", "agreement_sweep", "stability"])
        #expect(executor.steps.contains { $0 == ("features", "images", 16) })
        #expect(executor.steps.contains { $0 == ("agreement_sweep", "dimensions", 29) })
        // Seeds 1–3; the report's own (2026) is not among them.
        #expect(executor.steps.contains { $0 == ("stability", "seeds", 3) })
        #expect(records.contains { $0.directive == "stability" && !$0.cached })
        let local = try Workspace.files(in: root.appendingPathComponent("local/out")).filter { $0.key != "run.json" }
        let sharded = try Workspace.files(in: root.appendingPathComponent("shards/out")).filter { $0.key != "run.json" }
        #expect(local.keys.sorted() == sharded.keys.sorted())
        for (name, bytes) in local { #expect(sharded[name] == bytes, "\(name) differs between the local and the sharded render") }
    }

    @Test func aShardOfAChangedTemplateRefusesToRun() throws {
        let workspace = try Workspace()
        try workspace.write("```{dataset #images}\ndemo: most\ncount: 4\n```\n\n```{features #f}\ninput: images\nsize: 32\n```\n")
        let origin = PlanOrigin(templatePath: workspace.templatePath, templateHash: "not its hash", overrides: [], allowedReadRoots: [])
        let plan = ShardPlan(origin: origin, stepID: "f", directive: "features", cacheDirectory: workspace.cache, unit: "images", shards: [[0]])
        #expect { try Renderer(cacheDirectory: workspace.cache).computeShard(plan, index: 0) } throws: {
            "\($0)".contains("changed after the render planned its shards")
        }
    }

    @Test func aShardWithoutItsInputsInTheCacheSaysTheCacheIsNotShared() throws {
        let workspace = try Workspace()
        try workspace.write("```{dataset #images}\ndemo: most\ncount: 4\n```\n\n```{features #f}\ninput: images\nsize: 32\n```\n")
        let hash = ContentHash.of(try Data(contentsOf: URL(fileURLWithPath: workspace.templatePath)))
        let origin = PlanOrigin(templatePath: workspace.templatePath, templateHash: hash, overrides: [], allowedReadRoots: [])
        let plan = ShardPlan(origin: origin, stepID: "f", directive: "features", cacheDirectory: workspace.cache, unit: "images", shards: [[0]])
        #expect { try Renderer(cacheDirectory: workspace.cache).computeShard(plan, index: 0) } throws: {
            "\($0)".contains("the result of #images is not in the cache") && "\($0)".contains("the same folder on every node")
        }
    }
}
