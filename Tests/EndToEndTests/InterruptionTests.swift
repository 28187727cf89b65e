import Foundation
import TestSupport
import Testing

/// A render killed with SIGKILL in the middle of feature extraction: the previous report stays whole,
/// and the next render reuses every image finished before the kill.
@Suite struct InterruptionTests {
    private func featureEntries(in cache: URL) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: cache.path) else { return 0 }
        var count = 0
        while let path = walker.nextObject() as? String {
            if path.hasSuffix("/features.npy") && !path.contains(".tmp/") { count += 1 }
        }
        return count
    }

    @Test func killedDuringFeaturesLosesNothingFinished() throws {
        let root = try TestData.temporaryDirectory("litmus-kill")
        let template = root.appendingPathComponent("t.md")
        let dataset = "```{dataset #d}\ndemo: oai\ncount: 24\nsize: 48\n```\n\n"
        // A first, good report.
        try (dataset + "The first report.\n").write(to: template, atomically: true, encoding: .utf8)
        #expect(try CommandLineTests.litmus(["render", "t.md", "--out", "report", "-q"], in: root).status == 0)

        try (dataset + "```{features #f}\ninput: d\nsize: 64\nbatch_size: 2\n```\n\nComputed {{ f.computed }}, reused {{ f.reused }}.\n")
            .write(to: template, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["render", "t.md", "--out", "report", "-q"]
        process.currentDirectoryURL = root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let cache = root.appendingPathComponent(".litmus/cache")
        let deadline = Date().addingTimeInterval(300)
        while featureEntries(in: cache) < 4 && process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try #require(process.isRunning, "the render finished before it could be interrupted; give it more images")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let finished = featureEntries(in: cache)
        #expect(finished >= 4 && finished < 24)

        let readme = try String(contentsOf: root.appendingPathComponent("report/README.md"), encoding: .utf8)
        #expect(readme.contains("The first report."), "the killed render must leave the previous report as it was")

        #expect(try CommandLineTests.litmus(["render", "t.md", "--out", "report", "-q"], in: root).status == 0)
        let resumed = try String(contentsOf: root.appendingPathComponent("report/README.md"), encoding: .utf8)
        #expect(resumed.contains("Computed \(24 - finished), reused \(finished)."), "\(resumed)")
    }
}
