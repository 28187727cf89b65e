import Foundation
import ReportEngine
import TestSupport

/// A scratch folder with a template `t.md`, rendered into `out/` with a cache in `.litmus/cache`.
struct TemplateFolder {
    let root: URL

    init(_ name: String) throws { root = try TestData.temporaryDirectory(name) }

    var templatePath: String { root.appendingPathComponent("t.md").path }

    func write(_ template: String) throws {
        try template.write(to: root.appendingPathComponent("t.md"), atomically: true, encoding: .utf8)
    }

    /// Renders and returns the report's README.md.
    @discardableResult
    func render(cached: Bool = true, progress: @escaping @Sendable (StepProgress) -> Void = { _ in }) throws -> String {
        try Renderer(cacheDirectory: cached ? root.appendingPathComponent(".litmus/cache") : nil, progress: progress)
            .render(templatePath, to: root.appendingPathComponent("out"))
        return try String(contentsOf: root.appendingPathComponent("out/README.md"), encoding: .utf8)
    }
}
