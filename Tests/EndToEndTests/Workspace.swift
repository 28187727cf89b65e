import Foundation
import ReportEngine
import TestSupport

/// A scratch copy of an example folder with its own cache, where templates are rendered.
struct Workspace {
    let root: URL
    let cache: URL
    let reports: URL

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Copies `examples/<example>` into a fresh temporary folder.
    init(example: String) throws {
        root = try TestData.temporaryDirectory("litmus-e2e")
        cache = root.appendingPathComponent(".litmus/cache")
        reports = root.appendingPathComponent("reports")
        let source = Self.packageRoot.appendingPathComponent("examples").appendingPathComponent(example)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: root.appendingPathComponent(name))
        }
    }

    /// An empty temporary folder.
    init(empty: Void) throws {
        root = try TestData.temporaryDirectory("litmus-e2e")
        cache = root.appendingPathComponent(".litmus/cache")
        reports = root.appendingPathComponent("reports")
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func output(_ name: String) -> URL { reports.appendingPathComponent(name) }

    func renderer() -> Renderer { Renderer(cacheDirectory: cache) }

    @discardableResult
    func render(_ template: String, out: String = "report", overrides: [(String, String)] = []) throws -> RenderSummary {
        try renderer().render(path(template), to: output(out), overrides: overrides)
    }

    /// Replaces text in a file of the workspace.
    func edit(_ name: String, replacing old: String, with new: String) throws {
        let url = root.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        precondition(text.contains(old), "\(old) not in \(name)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Every file of a folder by relative path.
    static func files(in folder: URL) throws -> [String: Data] {
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
    static func runLog(_ report: URL) throws -> [String: (cached: Bool, figureCached: Bool?)] {
        let data = try Data(contentsOf: report.appendingPathComponent("run.json"))
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var result = [String: (cached: Bool, figureCached: Bool?)]()
        for step in object["steps"] as! [[String: Any]] {
            result[step["id"] as! String] = (step["cached"] as! Bool, step["figure_cached"] as? Bool)
        }
        return result
    }
}
