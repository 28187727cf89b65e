import DirectiveLibrary
import Foundation
import ReportTestSupport
import TestSupport
import Testing

/// Renders interrupted (SIGINT, SIGKILL) during feature extraction or while writing the report, and
/// renders running at the same time: the report folder always holds one complete report, and nothing
/// finished is lost or corrupted.
@Suite struct InterruptionTests {
    private func featureEntries(in cache: URL) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: cache.path) else { return 0 }
        var count = 0
        while let path = walker.nextObject() as? String {
            if path.hasSuffix("/features.npy") && !path.contains(".tmp/") { count += 1 }
        }
        return count
    }

    @Test(arguments: [SIGKILL, SIGINT])
    func interruptedDuringFeaturesLosesNothingFinished(signal: Int32) throws {
        let root = try TestData.temporaryDirectory("litmus-kill")
        let template = root.appendingPathComponent("t.md")
        let dataset = "```{dataset #d}\ndemo: oai\ncount: 24\nsize: 48\n```\n\n"
        // A first, good report.
        try (dataset + "The first report.\n").write(to: template, atomically: true, encoding: .utf8)
        #expect(try CommandLineTests.litmus(["render", "t.md", "--out", "report", "-q"], in: root).status == 0)

        try (dataset + "```{features #f}\ninput: d\nsize: 64\nbatch_size: 2\n```\n\nComputed {{ f.computed }}, reused {{ f.reused }}.\n")
            .write(to: template, atomically: true, encoding: .utf8)
        let process = try Self.launch(["render", "t.md", "--out", "report", "-q"], in: root)
        let cache = root.appendingPathComponent(".litmus/cache")
        let deadline = Date().addingTimeInterval(300)
        while featureEntries(in: cache) < 4 && process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try #require(process.isRunning, "the render finished before it could be interrupted; give it more images")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == (signal == SIGINT ? 130 : SIGKILL))
        let finished = featureEntries(in: cache)
        #expect(finished >= 4 && finished < 24)

        let readme = try String(contentsOf: root.appendingPathComponent("report/README.md"), encoding: .utf8)
        #expect(readme.contains("The first report."), "the killed render must leave the previous report as it was")

        #expect(try CommandLineTests.litmus(["render", "t.md", "--out", "report", "-q"], in: root).status == 0)
        let resumed = try String(contentsOf: root.appendingPathComponent("report/README.md"), encoding: .utf8)
        #expect(resumed.contains("Computed \(24 - finished), reused \(finished)."), "\(resumed)")
    }

    /// `litmus` started in `folder` without waiting for it, its output discarded.
    static func launch(_ arguments: [String], in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every file of a report except run.json (which records timings).
    private func contents(_ report: URL) throws -> [String: Data] {
        try Workspace.files(in: report).filter { $0.key != "run.json" }
    }

    @Test func killedWhileWritingLeavesTheOldOrTheNewReport() throws {
        let workspace = try Workspace(example: "quickstart")
        let report = workspace.root.appendingPathComponent("reports/q")
        #expect(try CommandLineTests.litmus(["render", "quickstart.md", "--out", "reports/q", "-q"], in: workspace.root).status == 0)
        let old = try contents(report)
        try workspace.edit("quickstart.md", replacing: "## Data", with: "## The data")
        #expect(try CommandLineTests.litmus(["render", "quickstart.md", "--out", "reports/new", "-q"], in: workspace.root).status == 0)
        let new = try contents(workspace.root.appendingPathComponent("reports/new"))
        try #require(old != new)

        // Every step is cached now, so a render is mostly assembling and writing the report; kill it at
        // moments spread over its whole run.
        var sawOld = false
        var sawNew = false
        for attempt in 0..<24 {
            let process = try Self.launch(["render", "quickstart.md", "--out", "reports/q", "-q"], in: workspace.root)
            Thread.sleep(forTimeInterval: 0.015 * Double(attempt))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try contents(report)
            #expect(now == old || now == new, "after a kill at \(15 * attempt) ms the report is neither the old nor the new one")
            if now == old {
                sawOld = true
            } else {
                sawNew = true
                break
            }
        }
        #expect(sawOld, "no kill landed before the report was replaced")
        if !sawNew {
            #expect(try CommandLineTests.litmus(["render", "quickstart.md", "--out", "reports/q", "-q"], in: workspace.root).status == 0)
            #expect(try contents(report) == new)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("reports").path)
            .filter { $0.hasPrefix(".q.") && $0.hasSuffix(".old") }
        #expect(leftovers.isEmpty, "the atomic swap never moves a report aside: \(leftovers)")
    }

    /// A report moved aside by a render killed between the fallback's two moves comes back, even when
    /// the next render fails.
    @Test func reportLeftAsideIsRestored() throws {
        let workspace = try Workspace(example: "quickstart")
        let reports = workspace.root.appendingPathComponent("reports")
        #expect(try CommandLineTests.litmus(["render", "quickstart.md", "--out", "reports/q", "-q"], in: workspace.root).status == 0)
        let before = try contents(reports.appendingPathComponent("q"))
        try FileManager.default.moveItem(at: reports.appendingPathComponent("q"), to: reports.appendingPathComponent(".q.0F1E.old"))
        try workspace.edit("quickstart.md", replacing: "```{pca #pca}", with: "```{pcaa #pca}")
        #expect(try CommandLineTests.litmus(["render", "quickstart.md", "--out", "reports/q", "-q"], in: workspace.root).status == 1)
        #expect(try contents(reports.appendingPathComponent("q")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: reports.path) == ["q"])
    }

    /// Two renders of one template at the same time on an empty cache: both succeed with the same report,
    /// and a third finds every entry of the shared cache valid.
    @Test func concurrentRendersShareTheCacheSafely() throws {
        let workspace = try Workspace(example: "quickstart")
        let processes = try ["a", "b"].map { name in
            try Self.launch(["render", "quickstart.md", "--out", "reports/\(name)", "-q"], in: workspace.root)
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let a = try contents(workspace.root.appendingPathComponent("reports/a"))
        let b = try contents(workspace.root.appendingPathComponent("reports/b"))
        #expect(!a.isEmpty && a == b)
        let third = try CommandLineTests.litmus(["render", "quickstart.md", "--out", "reports/c"], in: workspace.root)
        #expect(third.status == 0)
        #expect(!third.stderr.contains("corrupt") && third.stderr.contains(" 0 step(s) computed"), "\(third.stderr)")
        #expect(try contents(workspace.root.appendingPathComponent("reports/c")) == a)
    }
}
