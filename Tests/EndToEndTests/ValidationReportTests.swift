import DirectiveLibrary
import Foundation
import NeuralNet
import ReportTestSupport
import TestSupport
import Testing

@testable import ReportEngine

/// The validation study (`templates/validation.md`): a reduced render against golden bytes, and the
/// committed demo report (`reports/validation/`) against the current template.
@Suite struct ValidationReportTests {
    static let template = Workspace.packageRoot.appendingPathComponent("templates/validation.md")

    /// The same template with fewer and smaller demo images (the full one takes 90 s in release). Its
    /// README.md and manifest.json (which holds the hash of every figure and data file) must not change by
    /// a byte where the goldens' numeric environment computes like this one. On another CPU, UMAP's
    /// chaotic layout turns a last-bit difference into other clusters, so there the README is compared
    /// with numbers within 1e-4 relative (plus a decimal's last printed digit) up to the heading before the
    /// first UMAP step, and by its structure (headings, figures, table headers) after it; the manifest
    /// by everything but output hashes.
    @Test func reducedStudyMatchesItsGoldenFiles() throws {
        let root = try TestData.temporaryDirectory("litmus-validation")
        let out = root.appendingPathComponent("out")
        let overrides = [("demo_count", "30"), ("per_group", "8"), ("size", "64")]
        let renderer = Renderer(cacheDirectory: root.appendingPathComponent(".litmus/cache"))
        try renderer.render(Self.template.path, to: out, overrides: overrides)
        let boundary = try #require(ReportComparison.roundingBoundary(of: try renderer.check(Self.template.path, overrides: overrides)))
        #expect(boundary == "### Clusters on the UMAP embedding")
        let files = try Workspace.files(in: out)
        try GoldenFiles.checkNumbers(
            try #require(files["README.md"]), named: "validation-small/README.md",
            environmentFrom: "validation-small/manifest.json", boundary: boundary)
        try GoldenFiles.checkManifest(try #require(files["manifest.json"]), named: "validation-small/manifest.json")
    }

    /// `precision=bf16`: where the CPU has AVX-512 BF16 or AMX, the report says the features are bf16 and
    /// its appendix gives the adjusted Rand index of experiment 1's clusters from f32 against bf16
    /// features; elsewhere the render fails with an error that names the option and what the CPU lacks.
    @Test func bf16ReportComparesItsClustersWithF32() throws {
        let root = try TestData.temporaryDirectory("litmus-validation-bf16")
        let out = root.appendingPathComponent("out")
        let overrides = [("demo_count", "30"), ("per_group", "8"), ("size", "64"), ("precision", "bf16")]
        let renderer = Renderer(cacheDirectory: root.appendingPathComponent(".litmus/cache"))
        do {
            try Precision.bf16.checkSupported()
        } catch {
            do {
                try renderer.render(Self.template.path, to: out, overrides: overrides)
                Issue.record("precision=bf16 rendered on a CPU without bf16")
            } catch {
                #expect("\(error)".contains("precision") && "\(error)".contains("AVX-512 BF16 or AMX"), "\(error)")
            }
            return
        }
        try renderer.render(Self.template.path, to: out, overrides: overrides)
        let readme = String(decoding: try #require(try Workspace.files(in: out)["README.md"]), as: UTF8.self)
        #expect(readme.contains("computed in bf16"))
        let sentence = try #require(readme.range(of: "They agree with the report's with an adjusted Rand index of "))
        let number = Double(readme[sentence.upperBound...].prefix { "0123456789.-".contains($0) })
        #expect(number.map { (-1...1).contains($0) } == true, "no adjusted Rand index in the appendix")
        #expect(readme.contains("the difference bf16 makes"))
    }

    /// The committed demo report is what this machine renders from the template, as far as the machine can
    /// promise: identical bytes for every committed file where the committed manifest's numeric environment
    /// computes like this one; elsewhere the README's numbers up to the first UMAP step within 1e-4
    /// relative (plus a decimal's last printed digit), its structure after it, and the manifest but for output
    /// hashes (ReportComparison). Renders the whole study: about 90 s.
    @Test func committedReportIsWhatThisMachineRenders() throws {
        let folder = Workspace.packageRoot.appendingPathComponent("reports/validation")
        let root = try TestData.temporaryDirectory("litmus-demo-report")
        let out = root.appendingPathComponent("out")
        let renderer = Renderer(cacheDirectory: root.appendingPathComponent(".litmus/cache"))
        try renderer.render(Self.template.path, to: out)
        let rendered = try Workspace.files(in: out)
        let committedManifest = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let outputs = try #require((try JSONSerialization.jsonObject(with: committedManifest) as? [String: Any])?["outputs"] as? [String: String])
        let committed = ["manifest.json"] + outputs.keys.filter { $0 == "README.md" || $0.hasSuffix(".png") }.sorted()
        switch ReportComparison.mode(referenceManifest: committedManifest) {
        case .exact:
            for path in committed {
                #expect(
                    rendered[path] == (try Data(contentsOf: folder.appendingPathComponent(path))),
                    "\(path) differs from reports/validation/ though the numeric environments compute alike")
            }
        case .tolerant:
            let boundary = ReportComparison.roundingBoundary(of: try renderer.check(Self.template.path))
            let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
            let comparison = ReportComparison()
            for problem in comparison.textProblems(
                actual: String(decoding: try #require(rendered["README.md"]), as: UTF8.self),
                expected: readme, boundary: boundary)
                + comparison.manifestProblems(actual: try #require(rendered["manifest.json"]), expected: committedManifest)
            {
                Issue.record("reports/validation/ against this machine's render: \(problem)")
            }
        }
    }

    /// `reports/validation/` was rendered from the template as it is now, and every committed file is the
    /// one its manifest lists. (Re-render it with `scripts/litmus render templates/validation.md` after editing
    /// the template.)
    @Test func committedReportIsCurrentAndIntact() throws {
        let folder = Workspace.packageRoot.appendingPathComponent("reports/validation")
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let template = try #require(manifest["template"] as? [String: Any])
        #expect(
            template["sha256"] as? String == (try ContentHash.ofFile(Self.template)),
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
