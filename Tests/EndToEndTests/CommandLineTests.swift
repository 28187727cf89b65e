import DirectiveLibrary
import Foundation
import ReportTestSupport
import Synchronization
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `litmus` executable: every template error gives `file:line:col: error: …`, exit code 1, and
/// leaves the previous report exactly as it was.
@Suite struct CommandLineTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The built `litmus` next to the test bundle.
    static var executable: URL {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleFolder, bundleFolder.deletingLastPathComponent()].map { $0.appendingPathComponent("litmus") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? Workspace.packageRoot.appendingPathComponent(".build/debug/litmus")
    }

    /// - Parameter environment: the child's environment (default: this process's).
    static func litmus(_ arguments: [String], in folder: URL, environment: [String: String]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    struct BadEdit: CustomTestStringConvertible, Sendable {
        let name: String
        let old: String
        let new: String
        /// What stderr must contain: position and message.
        let expected: String
        var testDescription: String { name }
    }

    static let badEdits: [BadEdit] = [
        BadEdit(
            name: "unknown directive", old: "```{pca #pca}", new: "```{pcaa #pca}",
            expected: "quickstart.md:28:5: error: unknown directive `pcaa`\n  hint: did you mean `pca`?"),
        BadEdit(
            name: "unknown option", old: "n_components: 10", new: "n_component: 10",
            expected: "quickstart.md:30:1: error: unknown option `n_component` for `pca`\n  hint: did you mean `n_components`?"),
        BadEdit(
            name: "wrong type", old: "integer_x: true", new: "integer_x: yes please",
            expected: "quickstart.md:44:12: error: `integer_x` must be true or false, got a string `yes please`"),
        BadEdit(
            name: "out of range", old: "digits: 4", new: "digits: 40",
            expected: "quickstart.md:53:9: error: `digits` = 40 is out of range; use integer in 0…12"),
        BadEdit(
            name: "unknown id", old: "input: feat\nn_components", new: "input: features\nn_components",
            expected: "quickstart.md:29:8: error: unknown id `features` in `input`"),
        BadEdit(
            name: "duplicate id", old: "```{load #group}", new: "```{load #feat}",
            expected: "quickstart.md:19:11: error: duplicate id `feat`; it is already used on line 14"),
        BadEdit(
            name: "dependency cycle", old: "input: feat\nn_components", new: "input: pca2\nn_components",
            expected: "error: dependency cycle: `pca` → `pca2` → `pca`"),
        BadEdit(
            name: "YAML syntax", old: "ylim: [0, 1.05]", new: "ylim: [0, 1.05",
            expected: "quickstart.md:46:7: error: YAML syntax error"),
        BadEdit(
            name: "missing input file", old: "features: features.npy", new: "features: missing.npy",
            expected: "quickstart.md:15:7: error: input file `missing.npy` does not exist"),
        BadEdit(
            name: "missing field at run time", old: "{{ pca.explained_variance_ratio[0]", new: "{{ pca.explained_ratio[0]",
            expected: "quickstart.md:33:42: error: `pca` has no field `explained_ratio`"),
    ]

    @Test(arguments: badEdits)
    func templateErrorsAreReportedAndTheOldReportSurvives(_ edit: BadEdit) throws {
        let workspace = try Workspace(example: "quickstart")
        let good = try Self.litmus(["render", "quickstart.md", "--out", "reports/q"], in: workspace.root)
        #expect(good.status == 0, "\(good.stderr)")
        let before = try Workspace.files(in: workspace.root.appendingPathComponent("reports/q"))

        try workspace.edit("quickstart.md", replacing: edit.old, with: edit.new)
        let bad = try Self.litmus(["render", "quickstart.md", "--out", "reports/q"], in: workspace.root)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains(edit.expected), "stderr was:\n\(bad.stderr)")
        #expect(try Workspace.files(in: workspace.root.appendingPathComponent("reports/q")) == before)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("reports").path)
        #expect(siblings == ["q"], "no temporary folders left behind")

        let check = try Self.litmus(["check", "quickstart.md"], in: workspace.root)
        if edit.name != "missing field at run time" {
            #expect(check.status == 1 && check.stderr.contains(edit.expected), "check finds it without running")
        }
    }

    /// `litmus inspect`: what each file holds and what Litmus makes of it; `--out` writes that image.
    @Test func inspectDescribesFilesAndWritesTheImageFeaturesStartsFrom() throws {
        let workspace = try Workspace()
        let fixtures = Workspace.packageRoot.appendingPathComponent("Tests/ImagingTests/Fixtures")
        let run = try Self.litmus(
            [
                "inspect", fixtures.appendingPathComponent("dicom/MR_monochrome1.dcm").path,
                fixtures.appendingPathComponent("gray8.png").path,
            ], in: workspace.root)
        #expect(run.status == 0, "\(run.stderr)")
        for line in [
            "format       DICOM (Explicit VR Little Endian)", "size         64 × 64", "bits         16",
            "photometric  MONOCHROME1", "transform    window centre 600, width 1600; inverted (MONOCHROME1)",
            "format       PNG", "photometric  grey",
        ] {
            #expect(run.stdout.contains(line), "missing `\(line)` in\n\(run.stdout)")
        }
        let written = try Self.litmus(
            [
                "inspect", fixtures.appendingPathComponent("dicom/CT_small.dcm").path, "--window", "none",
                "--out", "ct.npy",
            ], in: workspace.root)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("linear -33792 … 31743 to 0 … 1"))
        let npy = try Data(contentsOf: workspace.root.appendingPathComponent("ct.npy"))
        #expect(String(decoding: npy.prefix(80), as: UTF8.self).contains("'shape': (128, 128)"))
        #expect(npy.count == 128 + 128 * 128 * 4)
        let broken = try Self.litmus(["inspect", fixtures.appendingPathComponent("dicom/MR_truncated.dcm").path], in: workspace.root)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("MR_truncated.dcm: the DICOM data cannot be decoded: the file is truncated"))
    }

    @Test func checkReportsAllErrorsAtOnce() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.edit("quickstart.md", replacing: "n_components: 10", with: "n_component: 10")
        try workspace.edit("quickstart.md", replacing: "digits: 4", with: "digits: 40")
        let run = try Self.litmus(["check", "quickstart.md"], in: workspace.root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("30:1: error: unknown option") && run.stderr.contains("53:9: error: `digits` = 40"))
        #expect(run.stderr.hasSuffix("2 errors\n"))
    }

    @Test func aCorruptInputFailsTheRenderAndKeepsTheReport() throws {
        let workspace = try Workspace(example: "quickstart")
        #expect(try Self.litmus(["render", "quickstart.md", "--out", "reports/q"], in: workspace.root).status == 0)
        let before = try Workspace.files(in: workspace.root.appendingPathComponent("reports/q"))
        try Data("not a numpy file".utf8).write(to: workspace.root.appendingPathComponent("features.npy"))
        let run = try Self.litmus(["render", "quickstart.md", "--out", "reports/q"], in: workspace.root)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("quickstart.md:15:7: error: load #feat: cannot read `features.npy`: not a NumPy .npy file"),
            "\(run.stderr)")
        #expect(try Workspace.files(in: workspace.root.appendingPathComponent("reports/q")) == before)
    }

    @Test func onlyComputesOneStepAndWhatItNeeds() throws {
        let workspace = try Workspace(example: "quickstart")
        let partial = try Self.litmus(["render", "quickstart.md", "--only", "pca", "--out", "reports/q"], in: workspace.root)
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stderr.contains("computed load #feat") && partial.stderr.contains("computed pca #pca"))
        #expect(!partial.stderr.contains("#group"), "`group` is not needed by `pca`")
        #expect(partial.stderr.contains("computed #pca and 1 step(s) it needs — 2 computed, 0 from cache; the report was not written (--only)"))
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("reports/q").path))

        let full = try Self.litmus(["render", "quickstart.md", "--out", "reports/q"], in: workspace.root)
        #expect(full.status == 0)
        #expect(full.stderr.contains("cached   pca #pca") && full.stderr.contains("computed load #group"), "\(full.stderr)")

        let unknown = try Self.litmus(["render", "quickstart.md", "--only", "pcx"], in: workspace.root)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("error: --only pcx: the template has no step `pcx`"))
    }

    /// A template reads inputs from its own folder; anything else needs the user's word on the command line.
    @Test func inputsOutsideTheTemplatesFolderNeedPermission() throws {
        let workspace = try Workspace(example: "quickstart")
        let elsewhere = try TestData.temporaryDirectory("litmus-elsewhere")
        try FileManager.default.copyItem(
            at: workspace.root.appendingPathComponent("features.npy"),
            to: elsewhere.appendingPathComponent("features.npy"))
        let outside = elsewhere.appendingPathComponent("features.npy").path
        try workspace.edit("quickstart.md", replacing: "  features: features.npy", with: "  features: \(outside)")

        let refused = try Self.litmus(["render", "quickstart.md"], in: workspace.root)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "quickstart.md:15:7: error: `\(outside)` is outside the template's folder, and the template may not read it on its own"))
        #expect(refused.stderr.contains("--allow-read \(elsewhere.standardizedFileURL.path)"), "\(refused.stderr)")
        // A symbolic link inside the folder does not get around it.
        try FileManager.default.createSymbolicLink(atPath: workspace.path("linked.npy"), withDestinationPath: outside)
        try workspace.edit("quickstart.md", replacing: "  features: \(outside)", with: "  features: linked.npy")
        #expect(try Self.litmus(["check", "quickstart.md"], in: workspace.root).status == 1)

        #expect(try Self.litmus(["check", "quickstart.md", "--allow-read", elsewhere.path], in: workspace.root).status == 0)
        #expect(try Self.litmus(["render", "quickstart.md", "--param", "features=\(outside)"], in: workspace.root).status == 0)
    }

    @Test func verboseListsEveryStep() throws {
        let workspace = try Workspace(example: "quickstart")
        let run = try Self.litmus(["render", "quickstart.md", "--verbose"], in: workspace.root)
        #expect(run.status == 0)
        let table = run.stderr.split(separator: "\n").drop { !$0.hasPrefix("step ") }
        #expect(table.first?.hasPrefix("step         directive  result    seconds  key           figure") == true, "\(run.stderr)")
        #expect(
            table.dropFirst().prefix(7).map { String($0.prefix(13)) }
                == ["#feat        ", "#group       ", "#pca         ", "#variance    ", "#components  ", "#pca2        ", "#embedding   "])
        #expect(table.contains { $0.hasPrefix("#pca2        scatter    computed") && $0.hasSuffix("drawn") })
        #expect(try Self.litmus(["render", "quickstart.md", "-q", "-v"], in: workspace.root).status == 64)
    }

    /// `litmus watch`: renders, re-renders after an edit of the template or of an input file (only what
    /// changed is computed), and after a bad edit prints the error and keeps the last good report.
    @Test func watchRerendersOnChangesAndKeepsTheLastGoodReport() throws {
        let workspace = try Workspace(example: "quickstart")
        let log = workspace.root.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["watch", "quickstart.md", "--out", "reports/q"]
        process.currentDirectoryURL = workspace.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        func waitForLog(_ count: Int, _ needle: String) throws -> String {
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                let text = try String(contentsOf: log, encoding: .utf8)
                if text.components(separatedBy: needle).count - 1 >= count { return text }
                Thread.sleep(forTimeInterval: 0.1)
            }
            throw CocoaError(.fileReadUnknown, userInfo: ["log": (try? String(contentsOf: log, encoding: .utf8)) ?? ""])
        }
        let readme = workspace.root.appendingPathComponent("reports/q/README.md")
        _ = try waitForLog(1, "watching for changes")
        #expect(try String(contentsOf: readme, encoding: .utf8).contains("## Data"))

        Thread.sleep(forTimeInterval: 1.1)  // a new modification time even on coarse file systems
        try workspace.edit("quickstart.md", replacing: "## Data", with: "## The data")
        var text = try waitForLog(2, "watching for changes")
        #expect(text.contains("change detected; rendering"))
        #expect(text.contains("0 step(s) computed, 7 from cache"), "\(text)")
        #expect(try String(contentsOf: readme, encoding: .utf8).contains("## The data"))

        Thread.sleep(forTimeInterval: 1.1)
        // An input file changes (one more line ending): the steps that read it run again.
        let labels = workspace.root.appendingPathComponent("labels.csv")
        try (try String(contentsOf: labels, encoding: .utf8) + "\n").write(to: labels, atomically: true, encoding: .utf8)
        text = try waitForLog(3, "watching for changes")
        #expect(text.contains("  ran load #feat") || text.contains("  ran load #group"), "\(text)")

        Thread.sleep(forTimeInterval: 1.1)
        try workspace.edit("quickstart.md", replacing: "```{pca #pca}", with: "```{pcaa #pca}")
        text = try waitForLog(4, "watching for changes")
        #expect(text.contains("quickstart.md:28:5: error: unknown directive `pcaa`"))
        #expect(text.contains("render failed; the last good report is unchanged"))
        #expect(try String(contentsOf: readme, encoding: .utf8).contains("## The data"))

        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// `litmus watch --serve`: the page with its reload script, and a status that counts good renders and
    /// carries the errors of a failed one.
    @Test func watchServesTheReportWithLiveReload() throws {
        let workspace = try Workspace(example: "quickstart")
        let port = Int.random(in: 20_000..<40_000)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["watch", "quickstart.md", "--out", "reports/q", "--serve", "--port", String(port)]
        process.currentDirectoryURL = workspace.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        func get(_ path: String) -> String? {
            let done = DispatchSemaphore(value: 0)
            let body = Mutex<String?>(nil)
            URLSession.shared.dataTask(with: URL(string: "http://127.0.0.1:\(port)\(path)")!) { data, _, _ in
                body.withLock { $0 = data.map { String(decoding: $0, as: UTF8.self) } }
                done.signal()
            }.resume()
            done.wait()
            return body.withLock { $0 }
        }
        func waitFor(_ path: String, containing needle: String) -> String? {
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                if let text = get(path), text.contains(needle) { return text }
                Thread.sleep(forTimeInterval: 0.2)
            }
            return nil
        }
        #expect(waitFor("/__litmus/status", containing: "\"version\":1") != nil)
        let page = try #require(get("/"))
        #expect(page.contains("<h1 class=\"title\">Quickstart: PCA of feature vectors</h1>") && page.contains("/__litmus/status"))

        Thread.sleep(forTimeInterval: 1.1)
        try workspace.edit("quickstart.md", replacing: "```{pca #pca}", with: "```{pcaa #pca}")
        let failed = waitFor("/__litmus/status", containing: "unknown directive")
        #expect(failed?.contains("quickstart.md:28:5: error: unknown directive `pcaa`") == true && failed?.contains("\"version\":1") == true)

        Thread.sleep(forTimeInterval: 1.1)
        try workspace.edit("quickstart.md", replacing: "```{pcaa #pca}", with: "```{pca #pca}")
        #expect(waitFor("/__litmus/status", containing: "\"version\":2")?.contains("\"error\":\"\"") == true)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
    }

    @Test func paramsOverrideTheFrontMatter() throws {
        let workspace = try Workspace(example: "quickstart")
        try FileManager.default.copyItem(
            at: workspace.root.appendingPathComponent("features.npy"),
            to: workspace.root.appendingPathComponent("other.npy"))
        let run = try Self.litmus(["render", "quickstart.md", "--param", "features=other.npy"], in: workspace.root)
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try String(contentsOf: workspace.root.appendingPathComponent("reports/quickstart/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"features\" : \"other.npy\""))
        let wrong = try Self.litmus(["render", "quickstart.md", "--param", "feature=x"], in: workspace.root)
        #expect(wrong.status == 1 && wrong.stderr.contains("did you mean `features`?"))
    }

    @Test func directivesListsEveryOptionWithItsDoc() throws {
        let run = try Self.litmus(["directives"], in: Workspace.packageRoot)
        #expect(run.status == 0)
        for name in ["load", "pca", "table", "scatter", "line", "export"] { #expect(run.stdout.contains("## `\(name)`")) }
        #expect(run.stdout.contains("| `n_components` |"))
        let one = try Self.litmus(["directives", "pca"], in: Workspace.packageRoot)
        #expect(one.stdout.hasPrefix("## `pca`") && !one.stdout.contains("## `load`"))
        #expect(try Self.litmus(["directives", "pcaa"], in: Workspace.packageRoot).status == 1)
    }
}

@Suite struct DocumentationTests {
    @Test func directiveReferenceInDocsMatchesTheRegistry() throws {
        let run = try CommandLineTests.litmus(["directives"], in: Workspace.packageRoot)
        let docs = try String(contentsOf: Workspace.packageRoot.appendingPathComponent("docs/directives.md"), encoding: .utf8)
        #expect(run.stdout == docs, "docs/directives.md is stale: run `litmus directives > docs/directives.md`")
    }

    @Test func usageErrorsExitWith64() throws {
        let run = try CommandLineTests.litmus(["render", "x.md", "--param", "novalue"], in: Workspace.packageRoot)
        #expect(run.status == 64)
        #expect(run.stderr.contains("--param expects name=value"))
        let jobs = try CommandLineTests.litmus(["render", "x.md", "--jobs", "0"], in: Workspace.packageRoot)
        #expect(jobs.status == 64)
        #expect(jobs.stderr.contains("--jobs must be at least 1, got 0"))
    }
}
