import Foundation
import TestSupport
import Testing

@testable import ReportEngine

/// `litmus status`: each step cached or stale, and the part of its key that changed since the last render.
@Suite struct StatusTests {
    /// Counts the files of a folder.
    struct Listing: Directive {
        let name = "listing"
        let summary = "the number of files in a folder"
        let version = 1
        let output = OutputKind.none
        let resultShape = ValueShape.number
        static let path = InputOption(spec: OptionSpec("path", .inputFolder, required: true, doc: "a folder"))
        var options: [OptionSpec] { [Self.path.spec] }
        func run(_ context: RunContext) throws -> Value {
            .int(try FileManager.default.contentsOfDirectory(atPath: context.folder(Self.path)!.path).count)
        }
    }

    /// Multiplies another step's number.
    struct Scaled: Directive {
        let name = "scaled"
        let summary = "a number times a factor"
        var version = 1
        let output = OutputKind.none
        let resultShape = ValueShape.number
        static let input = InputOption.reference("input", accepts: [.number], required: true, doc: "a number")
        static let factor = Option<Int>("factor", .int(1...10), default: 2, doc: "the factor")
        var options: [OptionSpec] { OptionSpec.of([Self.input, Self.factor]) }
        func run(_ context: RunContext) throws -> Value {
            .double((try context.value(Self.input).number ?? 0) * Double(context.options[Self.factor]))
        }
    }

    /// A project: a folder of three files and a template reading it.
    struct Project {
        let folder: URL
        var template: URL { folder.appendingPathComponent("t.md") }
        var data: URL { folder.appendingPathComponent("data") }

        init() throws {
            folder = try TestData.temporaryDirectory("litmus-status")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
            for name in ["a.png", "b.png", "c.png"] { try Data(name.utf8).write(to: folder.appendingPathComponent("data/\(name)")) }
            try write(factor: 2)
        }

        func write(factor: Int) throws {
            try "```{listing #files}\npath: data\n```\n\n```{scaled #s}\ninput: files\nfactor: \(factor)\n```\n"
                .write(to: template, atomically: true, encoding: .utf8)
        }

        func renderer(scaledVersion: Int = 1) -> Renderer {
            Renderer(
                registry: DirectiveRegistry([Listing(), Scaled(version: scaledVersion)]), environment: .test,
                cacheDirectory: folder.appendingPathComponent(".litmus/cache"))
        }

        func render(scaledVersion: Int = 1) throws {
            try renderer(scaledVersion: scaledVersion).render(template.path, to: folder.appendingPathComponent("out"))
        }

        func status(scaledVersion: Int = 1) throws -> [String: StepStatus] {
            Dictionary(uniqueKeysWithValues: try renderer(scaledVersion: scaledVersion).status(template.path).steps.map { ($0.id, $0) })
        }
    }

    @Test func aFreshCacheHasEveryStepStale() throws {
        let project = try Project()
        let status = try project.status()
        #expect(status["files"]?.state == .stale && status["files"]?.reasons == ["nothing rendered with this cache yet"])
        #expect(status["s"]?.state == .stale)
        let report = try project.renderer().status(project.template.path)
        #expect(report.text.hasSuffix("A render would compute 2 of 2 steps: #files, #s."))
    }

    @Test func afterARenderEveryStepIsCached() throws {
        let project = try Project()
        try project.render()
        let report = try project.renderer().status(project.template.path)
        #expect(report.steps.allSatisfy { $0.state == .cached && $0.reasons.isEmpty })
        #expect(report.text.hasSuffix("A render would compute nothing: every step is in the cache."))
    }

    @Test func anOptionEditIsNamed() throws {
        let project = try Project()
        try project.render()
        try project.write(factor: 3)
        let status = try project.status()
        #expect(status["files"]?.state == .cached)
        #expect(status["s"]?.reasons == ["option `factor` 2 → 3"])
    }

    @Test func addedChangedAndRemovedFilesAndTheUpstreamStepAreNamed() throws {
        let project = try Project()
        try project.render()
        try Data("new".utf8).write(to: project.data.appendingPathComponent("d.png"))
        try Data("new".utf8).write(to: project.data.appendingPathComponent("e.png"))
        try Data("changed".utf8).write(to: project.data.appendingPathComponent("a.png"))
        try FileManager.default.removeItem(at: project.data.appendingPathComponent("b.png"))
        let status = try project.status()
        #expect(status["files"]?.reasons == ["folder `path`: 2 files added, 1 changed, 1 removed"])
        #expect(status["s"]?.reasons == ["upstream `files` stale"])
    }

    @Test func runJSONListsTheFilesChangedSinceTheLastRender() throws {
        let project = try Project()
        try project.render()
        let runLog = project.folder.appendingPathComponent("out/run.json")
        let first = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: runLog)) as? [String: Any])
        #expect(first["input_changes"] == nil, "no earlier render was recorded")
        try Data("new".utf8).write(to: project.data.appendingPathComponent("d.png"))
        try Data("changed".utf8).write(to: project.data.appendingPathComponent("a.png"))
        try FileManager.default.removeItem(at: project.data.appendingPathComponent("b.png"))
        try project.render()
        let second = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: runLog)) as? [String: Any])
        let changes = try #require(second["input_changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["step"] as? String == "files" && changes.first?["option"] as? String == "path")
        #expect(changes.first?["added"] as? [String] == ["d.png"] && changes.first?["changed"] as? [String] == ["a.png"])
        #expect(changes.first?["removed"] as? [String] == ["b.png"])
        try project.render()
        let third = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: runLog)) as? [String: Any])
        #expect((third["input_changes"] as? [Any])?.isEmpty == true, "nothing changed since")
    }

    @Test func aVersionBumpIsNamed() throws {
        let project = try Project()
        try project.render()
        let status = try project.status(scaledVersion: 2)
        #expect(status["files"]?.state == .cached)
        #expect(status["s"]?.reasons == ["directive version 1 → 2"])
    }
}
