import DirectiveLibrary
import Foundation
import ReportEngine
import TestSupport

/// A scratch folder where templates are written and rendered, with its own cache: an empty one, or a copy
/// of an example folder. The one helper every report-rendering test uses.
public struct Workspace {
    public let root: URL
    public let cache: URL
    public let reports: URL

    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// An empty temporary folder.
    public init(_ name: String = "litmus-test") throws {
        root = try TestData.temporaryDirectory(name)
        cache = root.appendingPathComponent(".litmus/cache")
        reports = root.appendingPathComponent("reports")
    }

    /// Copies `examples/<example>` into a fresh temporary folder.
    public init(example: String) throws {
        try self.init("litmus-e2e")
        let source = Self.packageRoot.appendingPathComponent("examples").appendingPathComponent(example)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: root.appendingPathComponent(name))
        }
    }

    public func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    public func output(_ name: String) -> URL { reports.appendingPathComponent(name) }

    public func renderer(
        registry: DirectiveRegistry = .standard, progress: @escaping @Sendable (StepProgress) -> Void = { _ in },
        cached: Bool = true
    ) -> Renderer {
        Renderer(registry: registry, environment: .current(), cacheDirectory: cached ? cache : nil, progress: progress)
    }

    /// Renders `template` (a file of the workspace) into `reports/<out>`.
    @discardableResult
    public func render(_ template: String, out: String = "report", overrides: [(String, String)] = []) throws -> RenderSummary {
        try renderer().render(path(template), to: output(out), overrides: overrides)
    }

    // MARK: One template, `t.md`

    public var templatePath: String { path("t.md") }

    /// Writes the workspace's template `t.md`.
    public func write(_ template: String) throws { try write("t.md", template) }

    /// Renders `t.md` into `reports/report` and returns its README.md.
    @discardableResult
    public func renderReadme(
        cached: Bool = true, registry: DirectiveRegistry = .standard,
        progress: @escaping @Sendable (StepProgress) -> Void = { _ in }
    ) throws -> String {
        try renderer(registry: registry, progress: progress, cached: cached).render(templatePath, to: output("report"))
        return try String(contentsOf: output("report/README.md"), encoding: .utf8)
    }

    // MARK: Files

    /// Replaces text in a file of the workspace.
    public func edit(_ name: String, replacing old: String, with new: String) throws {
        let url = root.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        precondition(text.contains(old), "\(old) not in \(name)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    public func write(_ name: String, _ text: String) throws { try write(name, Data(text.utf8)) }

    /// Writes a file, making its folders.
    public func write(_ name: String, _ bytes: Data) throws {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: url)
    }

    /// Every file of a folder by relative path.
    public static func files(in folder: URL) throws -> [String: Data] {
        var result = [String: Data]()
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return result }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = base + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = FileManager.default.contents(atPath: full)
            }
        }
        return result
    }

    /// `run.json` of a rendered report: step id → (computed?, figure cached?).
    public static func runLog(_ report: URL) throws -> [String: (cached: Bool, figureCached: Bool?)] {
        let data = try Data(contentsOf: report.appendingPathComponent("run.json"))
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var result = [String: (cached: Bool, figureCached: Bool?)]()
        for step in object["steps"] as! [[String: Any]] {
            result[step["id"] as! String] = (step["cached"] as! Bool, step["figure_cached"] as? Bool)
        }
        return result
    }
}
