import DirectiveLibrary
import Foundation
import ReportEngine
import ReportTestSupport
import Synchronization
import Testing

/// A site's own executor, registered beside Slurm with nothing changed outside this file: a kind with a
/// declared setting, made from the front matter or the command line, its settings checked like any
/// directive's options, its shards computed (here, in this process) and its work cancelled on request.
@Suite struct StandInExecutorTests {
    /// Computes each shard in this process, as a site's executor would on its own machines; counts what it did.
    final class InProcess: ShardExecutor {
        static let tasks = Option<Int>("tasks", .int(1...64), default: 2, role: .execution, doc: "Shards per step.")
        static let queue = Option<String?>("queue", .string, role: .execution, doc: "Where the site would queue them.")

        let tasks: Int
        let seen = Mutex([(stepID: String, pending: Int, shards: Int)]())

        init(tasks: Int) { self.tasks = tasks }

        /// The registry entry; `made` hears of each executor the render makes.
        static func kind(made: @escaping @Sendable (InProcess) -> Void) -> ExecutorKind {
            ExecutorKind(name: "in_process", doc: "each shard in the rendering process", settings: OptionSpec.of([tasks, queue])) { options in
                let executor = InProcess(tasks: options[tasks])
                made(executor)
                return executor
            }
        }

        func compute(_ work: ShardWork) throws {
            let plan = ShardPlan(
                origin: work.origin, stepID: work.stepID, directive: work.directive, cacheDirectory: work.cache.directory,
                unit: work.items.unit, shards: ShardPlan.split(work.pending, into: tasks))
            seen.withLock { $0.append((work.stepID, work.pending.count, plan.shards.count)) }
            let renderer = Renderer(cacheDirectory: work.cache.directory)
            for index in plan.shards.indices { try renderer.computeShard(plan, index: index) }
        }

        func cancelAll() -> String? { "nothing: every shard ran in this process" }
    }

    /// The executors a render made.
    final class Made: Sendable {
        let executors = Mutex([InProcess]())
    }

    static let template = ExecutorCommandLineTests.sharded

    private func choice(_ made: Made, name: String? = nil, settings: [ExecutorRegistry.CommandLineSetting] = []) -> ExecutorChoice {
        let registry = ExecutorRegistry([InProcess.kind { executor in made.executors.withLock { $0.append(executor) } }])
        return ExecutorChoice(registry: registry, name: name, settings: settings)
    }

    @Test func theFrontMatterChoosesItAndItsShardsGiveTheLocalReport() throws {
        let workspace = try Workspace()
        try workspace.write(Self.template)
        try Renderer(cacheDirectory: workspace.root.appendingPathComponent("local-cache")).render(
            workspace.templatePath, to: workspace.output("local"))

        try workspace.write("---\nexecutor: {in_process: {tasks: 3, queue: night}}\n---\n\n" + Self.template)
        let made = Made()
        let records = try Renderer(cacheDirectory: workspace.cache, executor: choice(made)).render(
            workspace.templatePath, to: workspace.output("here")
        )
        .records
        let executor = try #require(made.executors.withLock { $0.first })
        #expect(executor.tasks == 3)
        #expect(executor.seen.withLock { $0.map(\.stepID) == ["f"] && $0[0].pending == 4 && $0[0].shards == 3 })
        #expect(records.contains { $0.id == "f" && !$0.cached })
        let local = try Workspace.files(in: workspace.output("local")).filter {
            $0.key != "run.json" && $0.key != "README.md" && $0.key != "index.html"
        }
        let here = try Workspace.files(in: workspace.output("here")).filter {
            $0.key != "run.json" && $0.key != "README.md" && $0.key != "index.html"
        }
        #expect(local.keys.sorted() == here.keys.sorted())
        for (name, bytes) in local where name.hasPrefix("data/") { #expect(here[name] == bytes, "\(name) differs from the local render") }
        #expect(executor.cancelAll() != nil)
    }

    @Test func theCommandLineChoosesItAndItsSettingsAreChecked() throws {
        let workspace = try Workspace()
        try workspace.write(Self.template)
        let made = Made()
        try Renderer(
            cacheDirectory: workspace.cache, executor: choice(made, name: "in_process", settings: [("tasks", "2", "--executor-setting tasks")])
        )
        .render(workspace.templatePath, to: workspace.output("r"))
        #expect(made.executors.withLock { $0.map(\.tasks) } == [2])

        for (front, message) in [
            ("{in_process: {tasks: 0}}", "t.md:2:32: error: `tasks` = 0 is out of range"),
            ("{in_process: {task: 2}}", "unknown option `task` for `in_process`"),
            ("in_proces", "unknown executor `in_proces`"),
        ] {
            try workspace.write("---\nexecutor: \(front)\n---\n\n" + Self.template)
            #expect(throws: DiagnosticList.self) {
                try Renderer(cacheDirectory: workspace.cache, executor: choice(made)).check(workspace.templatePath)
            }
            do {
                try Renderer(cacheDirectory: workspace.cache, executor: choice(made)).render(workspace.templatePath, to: workspace.output("bad"))
                Issue.record("\(front) rendered")
            } catch { #expect("\(error)".contains(message), "\(front): \(error)") }
        }
        #expect(made.executors.withLock { $0.count } == 1, "an executor was made from settings that were refused")
    }
}
