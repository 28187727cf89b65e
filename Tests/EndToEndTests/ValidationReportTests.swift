import Foundation
@testable import ReportEngine
import TestSupport
import Testing

/// The validation study (`templates/validation.md`): a reduced render against golden bytes, and the
/// committed demo report (`reports/validation/`) against the current template.
@Suite struct ValidationReportTests {
    static let template = Workspace.packageRoot.appendingPathComponent("templates/validation.md")

    /// The same template with fewer and smaller demo images (the full one takes 90 s in release): its
    /// README.md and manifest.json — which holds the hash of every figure and data file — must not change
    /// by a byte.
    @Test func reducedStudyMatchesItsGoldenFiles() throws {
        let root = try TestData.temporaryDirectory("litmus-validation")
        let out = root.appendingPathComponent("out")
        try Renderer(cacheDirectory: root.appendingPathComponent(".litmus/cache"))
            .render(Self.template.path, to: out, overrides: [("demo_count", "30"), ("per_group", "8"), ("size", "64")])
        let files = try Workspace.files(in: out)
        try GoldenFiles.check(try #require(files["README.md"]), named: "validation-small/README.md")
        let manifest = String(decoding: try #require(files["manifest.json"]), as: UTF8.self)
            .replacingOccurrences(of: Workspace.packageRoot.path + "/", with: "")
        try GoldenFiles.check(Data(manifest.utf8), named: "validation-small/manifest.json")
    }

    /// `reports/validation/` was rendered from the template as it is now, and every committed file is the
    /// one its manifest lists. (Re-render it with `scripts/litmus render templates/validation.md` after editing
    /// the template.)
    @Test func committedReportIsCurrentAndIntact() throws {
        let folder = Workspace.packageRoot.appendingPathComponent("reports/validation")
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let template = try #require(manifest["template"] as? [String: Any])
        #expect(template["sha256"] as? String == (try ContentHash.ofFile(Self.template)),
                "reports/validation/ is older than templates/validation.md; re-render it: scripts/litmus render templates/validation.md")
        let outputs = try #require(manifest["outputs"] as? [String: String])
        #expect(outputs.keys.contains("README.md") && outputs.keys.contains("index.html"))
        #expect(outputs.keys.contains { $0.hasPrefix("figures/fig-subcam") }, "the Grad-CAM of the subclusters")
        // Committed: README.md and the PNG figures it shows (index.html and the SVGs are ignored by git).
        let committed = outputs.filter { $0.key == "README.md" || $0.key.hasSuffix(".png") }
        #expect(committed.count > 10)
        for (path, hash) in committed {
            #expect(try ContentHash.ofFile(folder.appendingPathComponent(path)) == hash, "\(path) differs from the manifest")
        }
    }
}
