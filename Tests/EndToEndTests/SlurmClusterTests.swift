import DirectiveLibrary
import Foundation
import ReportTestSupport
import Slurm
import TestSupport
import Testing

@testable import ReportEngine

/// `--executor slurm` against a real Slurm: the one-node cluster `scripts/test` brings up
/// (`scripts/slurm-one-node`) when Slurm is installed, announced by LITMUS_TEST_SLURM=1 and SLURM_CONF.
/// Without it these tests are skipped.
@Suite(.enabled(if: SlurmCluster.isUp, "no Slurm cluster (scripts/test starts one where Slurm is installed)"), .serialized)
struct SlurmClusterTests {
    /// Tasks run the `litmus` built beside the tests, as a render by that binary would have them.
    private func executor(_ settings: SlurmSettings) -> SlurmExecutor {
        SlurmExecutor(settings: settings, binary: CommandLineTests.executable, pollInterval: 0.2)
    }

    private func settings(shards: Int? = nil, _ arguments: [String] = []) -> SlurmSettings {
        var settings = SlurmSettings()
        (settings.shards, settings.sbatchArgs) = (shards, arguments)
        return settings
    }

    private func renderer(cache: URL, executor: SlurmExecutor?, log: @escaping @Sendable (String) -> Void = { _ in }) -> Renderer {
        guard let executor else { return Renderer(cacheDirectory: cache, log: log) }
        return Renderer(cacheDirectory: cache, log: log, executor: .always(executor))
    }

    /// The report's files but the run log (cache hits and times, which differ between any two renders).
    private func reportFiles(_ folder: URL) throws -> [String: Data] {
        try Workspace.files(in: folder).filter { $0.key != "run.json" }
    }

    @Test func reducedStudyThroughSlurmEqualsTheLocalRender() throws {
        let root = try TestData.temporaryDirectory("litmus-slurm-study")
        let template = ValidationReportTests.template.path
        let overrides = [("demo_count", "30"), ("per_group", "8"), ("size", "64"), ("stability_seeds", "3")]
        try renderer(cache: root.appendingPathComponent("local/cache"), executor: nil)
            .render(template, to: root.appendingPathComponent("local/out"), overrides: overrides)
        let submitted = Lines()
        try renderer(cache: root.appendingPathComponent("slurm/cache"), executor: executor(settings(shards: 4)), log: submitted.append)
            .render(template, to: root.appendingPathComponent("slurm/out"), overrides: overrides)
        // Every kind of sharded step went through Slurm.
        for directive in ["features", "gradcam", "agreement_sweep", "stability"] {
            #expect(submitted.lines.contains { $0.hasPrefix("submitting \(directive) ") }, "\(directive) was not submitted")
        }
        #expect(submitted.lines.contains { $0.hasPrefix("submitting features #f-real to Slurm: 16 images in 4 shard(s)") })
        let local = try reportFiles(root.appendingPathComponent("local/out"))
        let slurm = try reportFiles(root.appendingPathComponent("slurm/out"))
        #expect(local.keys.sorted() == slurm.keys.sorted())
        for (name, bytes) in local { #expect(slurm[name] == bytes, "\(name) differs between the local and the Slurm render") }
    }

    /// 48 images in 4 shards of 12, one task at a time (each takes both cores): shard 3 is cancelled once
    /// it has stored an image. The render fails naming it; the next one submits only the images missing.
    @Test func aCancelledShardIsCompletedByTheNextRender() throws {
        let workspace = try Workspace()
        try workspace.write(
            """
            ```{dataset #images}
            demo: most
            count: 48
            ```

            ```{features #f}
            input: images
            batch_size: 1
            ```

            ```{pca #p}
            input: f
            n_components: 5
            ```

            {{ f.count }} images.
            """)
        let cache = workspace.root.appendingPathComponent(".litmus/cache")
        let first = renderer(cache: cache, executor: executor(settings(shards: 4, ["--cpus-per-task=2"])))
        let failure = Lines()
        let (template, destination) = (workspace.templatePath, workspace.output("slurm"))
        let render = Thread {
            do { try first.render(template, to: destination) } catch { failure.append("\(error)") }
        }
        render.start()
        let cancelled = try cancelShard(3, of: "litmus-f", cache: cache)
        while !render.isFinished { Thread.sleep(forTimeInterval: 0.1) }
        let message = try #require(failure.lines.first, "the render with a cancelled shard succeeded")
        #expect(
            message.contains("1 shard(s) of #f failed") && message.contains("shard 3 (job \(cancelled)") && message.contains("logs/\(cancelled).out"),
            "\(message)")
        #expect(message.contains("render again to submit only those"))
        let log = try #require(message.firstMatch(of: /log (\S+\.out)/), "\(message)")
        #expect(FileManager.default.fileExists(atPath: String(log.1)), "the failed shard's log is gone")
        let plans = { (try? FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("shards").path)) ?? [] }
        #expect(plans().count == 1)
        let counted = try #require(message.firstMatch(of: /(\d+) missing/), "\(message)")
        let missing = try #require(Int(counted.1))
        #expect((1..<12).contains(missing), "shard 3 should have kept some of its 12 images, \(missing) missing")

        let submitted = Lines()
        try renderer(cache: cache, executor: executor(settings(shards: 4)), log: submitted.append)
            .render(workspace.templatePath, to: workspace.output("slurm"))
        #expect(
            submitted.lines.filter { $0.hasPrefix("submitting") }
                == submitted.lines.filter { $0.hasPrefix("submitting features #f to Slurm: \(missing) images in") })
        #expect(submitted.lines.contains { $0.hasPrefix("submitting features #f to Slurm: \(missing) images") }, "\(submitted.lines)")
        // The finished step's plan folder is gone; the failed one's stays with its logs.
        #expect(plans().count == 1)
        try renderer(cache: workspace.root.appendingPathComponent("local-cache"), executor: nil).render(
            workspace.templatePath, to: workspace.output("local"))
        #expect(try reportFiles(workspace.output("slurm")) == reportFiles(workspace.output("local")))
    }

    /// Waits until shard `index` of the array named `job` runs and an image more is in the cache, then
    /// cancels that task; returns its `job_index`.
    private func cancelShard(_ index: Int, of name: String, cache: URL) throws -> String {
        let deadline = Date().addingTimeInterval(120)
        var entriesWhenStarted: Int?
        while Date() < deadline {
            let queue = try SlurmCommandsForTests.squeue(["-h", "-r", "--name=\(name)", "-o", "%A_%K|%T"])
            if let line = queue.first(where: { $0.split(separator: "|").first?.hasSuffix("_\(index)") == true }),
                line.hasSuffix("|RUNNING")
            {
                let task = String(line.split(separator: "|")[0])
                let entries = Self.cacheEntries(cache)
                if let started = entriesWhenStarted, entries > started {
                    try SlurmCommandsForTests.scancel(task)
                    return task
                }
                entriesWhenStarted = entriesWhenStarted ?? entries
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw Failure("shard \(index) never ran with an image stored")
    }

    /// Entries in the cache (its two-level folders), not counting the shard plans.
    private static func cacheEntries(_ cache: URL) -> Int {
        let manager = FileManager.default
        let prefixes = (try? manager.contentsOfDirectory(atPath: cache.path).filter { $0.count == 2 }) ?? []
        return prefixes.reduce(0) {
            $0 + ((try? manager.contentsOfDirectory(atPath: cache.appendingPathComponent($1).path).filter { !$0.hasPrefix(".") }.count) ?? 0)
        }
    }

    /// Ctrl-C while the array runs: the render cancels it (scancel) and exits 130, as a local one does.
    @Test func anInterruptCancelsTheArray() throws {
        let workspace = try Workspace()
        try workspace.write(
            """
            ```{dataset #images}
            demo: most
            count: 40
            ```

            ```{features #slow}
            input: images
            batch_size: 1
            ```
            """)
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["render", "t.md", "--executor", "slurm", "--shards", "4", "--cpus-per-task", "2"]
        process.currentDirectoryURL = workspace.root
        let err = Pipe()
        (process.standardError, process.standardOutput) = (err, FileHandle.nullDevice)
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while try SlurmCommandsForTests.squeue(["-h", "-r", "--name=litmus-slow", "-o", "%i"]).count < 3, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.interrupt()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("cancelled the Slurm job(s)") && stderr.contains("(scancel)"), "\(stderr)")
        // scancel has been asked; the controller forgets the tasks within moments.
        var left = try SlurmCommandsForTests.squeue(["-h", "-r", "--name=litmus-slow", "-o", "%i|%T"])
        for _ in 0..<100 where !left.isEmpty {
            Thread.sleep(forTimeInterval: 0.1)
            left = try SlurmCommandsForTests.squeue(["-h", "-r", "--name=litmus-slow", "-o", "%i|%T"])
        }
        #expect(left.isEmpty, "still queued after Ctrl-C: \(left)")
    }

    /// `sbatch` refusing (a partition the cluster does not have): Slurm's own words and what to check, no
    /// report, and no plan left in the cache, since no task ran.
    @Test func aPartitionSlurmDoesNotKnowIsReportedInItsWords() throws {
        let workspace = try Workspace()
        try workspace.write(ExecutorCommandLineTests.sharded)
        let cache = workspace.root.appendingPathComponent(".litmus/cache")
        var settings = settings(shards: 2)
        settings.partition = "no-such-partition"
        do {
            try renderer(cache: cache, executor: executor(settings)).render(workspace.templatePath, to: workspace.output("r"))
            Issue.record("a render sbatch refused succeeded")
        } catch {
            let message = "\(error)"
            #expect(message.contains("features #f: `sbatch` refused (exit 1)") && message.lowercased().contains("invalid partition"), "\(message)")
            #expect(message.contains("check --partition, --account"), "\(message)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.output("r").path), "a report was written")
        let plans = (try? FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("shards").path)) ?? []
        #expect(plans.isEmpty, "a plan no task ran was left: \(plans)")
    }

    /// The tasks run as a user who cannot write the cache folder (root may submit as another user).
    @Test func aCacheTheTasksCannotWriteFailsClearly() throws {
        guard getuid() == 0 else { return }
        let workspace = try Workspace()
        try workspace.write(ExecutorCommandLineTests.sharded)
        let cache = workspace.root.appendingPathComponent(".litmus/cache")
        do {
            try renderer(cache: cache, executor: executor(settings(shards: 2, ["--uid=nobody"]))).render(
                workspace.templatePath, to: workspace.output("r"))
            Issue.record("a render whose tasks cannot write the cache succeeded")
        } catch {
            let message = "\(error)"
            #expect(message.contains("the first shard task (job ") && message.contains("without writing its marker into \(cache.path)"), "\(message)")
            #expect(message.contains("the nodes cannot see or cannot write the cache folder") && message.contains("every node"), "\(message)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.output("r").path), "a report was written")
    }
}

enum SlurmCluster {
    static var isUp: Bool { ProcessInfo.processInfo.environment["LITMUS_TEST_SLURM"] == "1" }
}

/// Log lines collected from a render's threads.
final class Lines: @unchecked Sendable {
    private var stored = [String]()
    private let lock = NSLock()
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
    func append(_ line: String) {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// The test's own looks at the queue.
enum SlurmCommandsForTests {
    static func squeue(_ arguments: [String]) throws -> [String] { try run("/usr/bin/squeue", arguments).split(separator: "\n").map(String.init) }
    static func scancel(_ task: String) throws { _ = try run("/usr/bin/scancel", [task]) }

    private static func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
