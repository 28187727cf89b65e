import DirectiveLibrary
import Foundation
import ReportEngine
import ReportTestSupport
import Testing

/// Rendering the quickstart example end to end: golden output, caching, incremental re-runs.
@Suite struct RenderTests {
    @Test func quickstartMatchesItsGoldenFiles() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.render("quickstart.md")
        let files = try Workspace.files(in: workspace.output("report"))
        #expect(
            Set(files.keys) == [
                "README.md", "index.html", "manifest.json", "run.json", "data/pca_embedding.csv",
                "figures/fig-variance.png", "figures/fig-variance.svg",
                "figures/fig-pca2.png", "figures/fig-pca2.svg",
            ])
        // PCA's numbers in floating point: identical bytes where the goldens' numeric environment computes
        // like this one, elsewhere every number within 1e-4 relative (plus a decimal's last printed digit) and the
        // rest identical. There is no rounding-sensitive step in this template.
        let manifest = "quickstart/manifest.json"
        try GoldenFiles.checkNumbers(files["README.md"]!, named: "quickstart/README.md", environmentFrom: manifest)
        try GoldenFiles.checkNumbers(files["index.html"]!, named: "quickstart/index.html", environmentFrom: manifest)
        try GoldenFiles.checkNumbers(files["data/pca_embedding.csv"]!, named: "quickstart/pca_embedding.csv", environmentFrom: manifest)
        // Paths are relative to the template's folder: the manifest does not name the temporary folder.
        #expect(!String(decoding: files["manifest.json"]!, as: UTF8.self).contains(workspace.root.path))
        try GoldenFiles.checkManifest(files["manifest.json"]!, named: manifest)
    }

    /// Two checkouts give the same manifest: the template, the input files and a parameter given as an
    /// absolute path are all written relative to the template's folder.
    @Test func manifestNamesNoAbsolutePath() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.render("quickstart.md", overrides: [("features", workspace.path("features.npy"))])
        let manifest = try Data(contentsOf: workspace.output("report").appendingPathComponent("manifest.json"))
        #expect(!String(decoding: manifest, as: UTF8.self).contains(workspace.root.path))
        let object = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        #expect((object["template"] as? [String: Any])?["path"] as? String == "quickstart.md")
        #expect((object["params"] as? [String: Any])?["features"] as? String == "features.npy")
        #expect((object["inputs"] as? [[String: Any]])?.compactMap { $0["path"] as? String } == ["features.npy", "labels.csv"])
    }

    /// run.json and the summary say where the wall time went: the phases in order, the steps' share
    /// being the time some step ran, and what lies outside the steps.
    @Test func theRunLogAccountsForTheWallTimeByPhase() throws {
        let workspace = try Workspace(example: "quickstart")
        let summary = try workspace.render("quickstart.md")
        let run = try Data(contentsOf: workspace.output("report").appendingPathComponent("run.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: run) as? [String: Any])
        let phases = try #require(object["phases"] as? [[String: Any]])
        typealias Name = RenderPhases.Name
        let names = [Name.planning, Name.hashing, Name.steps, Name.waiting, Name.presenting, Name.assembling]
        #expect(phases.compactMap { $0["phase"] as? String } == names)
        let seconds = phases.compactMap { $0["seconds"] as? Double }
        #expect(seconds.count == names.count && seconds.allSatisfy { $0 >= 0 })
        let total = try #require(object["seconds"] as? Double)
        let outside = try #require(object["seconds_outside_steps"] as? Double)
        #expect(abs(total - seconds.reduce(0, +)) < 0.01 && abs(outside - (total - seconds[2])) < 0.01)
        // The steps phase is at least the longest step, and at most the steps' summed times.
        let steps = summary.records.map(\.seconds)
        #expect(summary.phases.seconds(of: Name.steps) >= (steps.max() ?? 0) - 1e-6)
        #expect(summary.phases.seconds(of: Name.steps) <= steps.reduce(0, +) + 1e-6)
        #expect(summary.phases.phases.map(\.name) == names + [Name.writing])
        #expect(summary.phases.total <= summary.seconds + 1e-6)
    }

    @Test func secondRenderTakesEverythingFromTheCacheAndWritesIdenticalBytes() throws {
        let workspace = try Workspace(example: "quickstart")
        let first = try workspace.render("quickstart.md", out: "a")
        #expect(first.cachedCount == 0)
        let second = try workspace.render("quickstart.md", out: "b")
        #expect(second.computedCount == 0 && second.cachedCount == first.records.count)
        #expect(try Workspace.runLog(workspace.output("b")).values.allSatisfy { $0.cached && $0.figureCached != false })
        var a = try Workspace.files(in: workspace.output("a"))
        var b = try Workspace.files(in: workspace.output("b"))
        #expect(a.removeValue(forKey: "run.json") != nil && b.removeValue(forKey: "run.json") != nil)
        #expect(a == b)
    }

    @Test func oneJobAtATimeGivesTheSameBytes() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.render("quickstart.md", out: "parallel")
        try Renderer(cacheDirectory: nil, jobs: 1).render(workspace.path("quickstart.md"), to: workspace.output("serial"))
        var a = try Workspace.files(in: workspace.output("parallel"))
        var b = try Workspace.files(in: workspace.output("serial"))
        a["run.json"] = nil
        b["run.json"] = nil
        #expect(a == b)
    }

    @Test func renderingWithoutACacheGivesTheSameBytes() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.render("quickstart.md", out: "cached")
        try Renderer(cacheDirectory: nil).render(workspace.path("quickstart.md"), to: workspace.output("fresh"))
        var a = try Workspace.files(in: workspace.output("cached"))
        var b = try Workspace.files(in: workspace.output("fresh"))
        a["run.json"] = nil
        b["run.json"] = nil
        #expect(a == b)
    }

    @Test func changingAnOptionRerunsThatStepAndWhatDependsOnIt() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.render("quickstart.md")
        try workspace.edit("quickstart.md", replacing: "n_components: 10", with: "n_components: 8")
        try workspace.render("quickstart.md")
        let log = try Workspace.runLog(workspace.output("report"))
        #expect(log["feat"]?.cached == true && log["group"]?.cached == true)
        #expect(log["pca"]?.cached == false)
        for dependent in ["variance", "components", "pca2", "embedding"] {
            #expect(log[dependent]?.cached == false, "\(dependent) uses pca")
        }
        let readme = try String(contentsOf: workspace.output("report").appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("8 components kept"))
    }

    @Test func restylingAFigureRecomputesNothing() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.render("quickstart.md")
        try workspace.edit("quickstart.md", replacing: "caption: The feature vectors projected", with: "caption: Items projected")
        try workspace.edit("quickstart.md", replacing: "xlabel: PC1", with: "xlabel: first component\nwidth: 5")
        try workspace.render("quickstart.md")
        let log = try Workspace.runLog(workspace.output("report"))
        #expect(log.values.allSatisfy { $0.cached }, "no analysis step re-ran")
        #expect(log["pca2"]?.figureCached == false, "the restyled figure was redrawn")
        #expect(log["variance"]?.figureCached == true, "the other figure was not")
    }

    @Test func changedInputDataIsDetectedByContent() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.render("quickstart.md")
        // Same size, same name, different content: one label changes.
        try workspace.edit("labels.csv", replacing: "img-0000,healthy,real", with: "img-0000,severe,real")
        try workspace.render("quickstart.md")
        let log = try Workspace.runLog(workspace.output("report"))
        #expect(log["group"]?.cached == false && log["feat"]?.cached == false, "both read labels.csv")
        #expect(log["pca"]?.cached == false)
    }

    @Test func editingProseRecomputesNothing() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.render("quickstart.md")
        try workspace.edit("quickstart.md", replacing: "## Data", with: "## The data\n\nA new sentence with {{ feat.rows * 2 }}.")
        try workspace.render("quickstart.md")
        #expect(try Workspace.runLog(workspace.output("report")).values.allSatisfy { $0.cached })
        let readme = try String(contentsOf: workspace.output("report").appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("A new sentence with 600."))
    }

    /// The HTML page: a contents list of the sections, an id and a self-link on every section, figure and
    /// table, unique ids, and no presentational attributes the HTML standard made obsolete.
    @Test func htmlPageHasContentsAndAnchors() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.render("quickstart.md")
        let html = try String(contentsOf: workspace.output("report").appendingPathComponent("index.html"), encoding: .utf8)
        #expect(
            html.contains(
                """
                <nav class="toc" aria-label="Contents">
                <details open>
                <summary>Contents</summary>
                <ol>
                <li><a href="#sec-data">Data</a></li>
                <li><a href="#sec-principal-components">Principal components</a></li>
                <li><a href="#sec-the-groups-in-two-dimensions">The groups in two dimensions</a></li>
                </ol>
                """), "\(html.prefix(4000))")
        #expect(html.contains("<h2 id=\"sec-data\">Data <a class=\"anchor\" href=\"#sec-data\" aria-label=\"Link to this section\">#</a></h2>"))
        #expect(html.contains("<a class=\"anchor\" href=\"#fig-variance\" aria-label=\"Link to Figure 1\">#</a></figcaption>"))
        #expect(html.contains("<a class=\"anchor\" href=\"#tbl-components\" aria-label=\"Link to Table 1\">#</a></p>"))
        let ids = html.matches(of: /\sid="([^"]+)"/).map { String($0.output.1) }
        #expect(ids.count == Set(ids).count, "duplicate ids: \(ids)")
        for link in html.matches(of: /href="#([^"]+)"/).map({ String($0.output.1) }) {
            #expect(ids.contains(link), "link to a missing id #\(link)")
        }
        #expect(!html.contains(" align=\""), "cmark's align attributes become CSS")
        #expect(html.contains("<th style=\"text-align: right\">component</th>"))
        #expect(html.contains("@media print") && html.contains("prefers-color-scheme: dark"))
    }

    @Test func hostileDataIsEscapedInBothOutputs() throws {
        let workspace = try Workspace(example: "quickstart")
        try workspace.edit("labels.csv", replacing: "img-0000,healthy,real", with: "img-0000,<img src=x onerror=alert(1)>,real")
        try workspace.render("quickstart.md")
        let report = workspace.output("report")
        let readme = try String(contentsOf: report.appendingPathComponent("README.md"), encoding: .utf8)
        let html = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!readme.contains("<img src=x") && readme.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!html.contains("<img src=x"))
    }
}

/// The clustering example: k-means elbow, OPTICS, composition, agreement, representatives.
@Suite struct ClusteringRenderTests {
    @Test func clusteringExampleMatchesItsGoldenReport() throws {
        let workspace = try Workspace(example: "clustering")
        try workspace.render("clustering.md")
        let files = try Workspace.files(in: workspace.output("report"))
        // Well-separated groups: every result, UMAP's and OPTICS's on it included, is the same on any CPU
        // up to rounding, so the whole report is compared with numbers within 1e-4 relative (plus a
        // decimal's last printed digit) where the golden's numeric environment differs from this one.
        try GoldenFiles.checkNumbers(files["README.md"]!, named: "clustering/README.md", environmentFrom: "clustering/manifest.json")
        try GoldenFiles.checkManifest(files["manifest.json"]!, named: "clustering/manifest.json")
        #expect(files["figures/fig-elbow.png"] != nil && files["figures/fig-opt2d.png"] != nil)
    }

    @Test func changingTheSeedRerunsOnlyRandomSteps() throws {
        let workspace = try Workspace(example: "clustering")
        try workspace.render("clustering.md")
        try workspace.edit("clustering.md", replacing: "seed: 11", with: "seed: 12")
        try workspace.render("clustering.md")
        let log = try Workspace.runLog(workspace.output("report"))
        #expect(log["km"]?.cached == false, "k-means is seeded")
        #expect(log["pca"]?.cached == true && log["opt"]?.cached == true, "PCA and OPTICS are deterministic")
        #expect(log["comp"]?.cached == true, "composition depends only on OPTICS")
    }

    @Test(arguments: [
        (
            "n_clusters: 1..10\nn_init: 3\ndims: [2, 5, 10]", "n_clusters: 500\nn_init: 3",
            "clustering.md:25:13: error: kmeans #km: n_clusters = 500 but there are only 424 samples"
        ),
        ("min_samples: 10", "min_samples: 1000", "clustering.md:55:14: error: optics #opt: min_samples = 1000 is larger than the 424 samples"),
        (
            "n_clusters: 1..10", "n_clusters: 10..2",
            "clustering.md:25:13: error: `n_clusters` = `10..2` is not a range; write it `2..30` (low..high, both in) or one number"
        ),
    ])
    func analysisErrorsPointAtTheOption(_ edit: (String, String, String)) throws {
        let workspace = try Workspace(example: "clustering")
        try workspace.edit("clustering.md", replacing: edit.0, with: edit.1)
        #expect {
            try workspace.render("clustering.md")
        } throws: { error in
            let text = String(describing: error)
            return text.contains(edit.2)
        }
    }

    @Test func labelingsWithoutCommonIdsAreAnError() throws {
        let workspace = try Workspace(example: "clustering")
        try workspace.write("other.csv", "id,group\nx-1,a\nx-2,b\n")
        try workspace.edit(
            "clustering.md", replacing: "```{agreement #agree}\na: km",
            with: "```{load #other}\npath: other.csv\ncolumn: group\n```\n\n```{agreement #agree}\na: other")
        #expect {
            try workspace.render("clustering.md")
        } throws: { error in
            String(describing: error).contains("agreement #agree: `a` and `b` share no item ids")
        }
    }
}

@Suite struct UMAPRenderTests {
    @Test func tooManyNeighboursPointsAtTheOption() throws {
        let workspace = try Workspace(example: "clustering")
        try workspace.edit("clustering.md", replacing: "n_neighbors: 15", with: "n_neighbors: 1000")
        #expect {
            try workspace.render("clustering.md")
        } throws: { error in
            String(describing: error).contains("clustering.md:96:14: error: umap #um: n_neighbors = 1000 but there are only 424 samples")
        }
    }
}

@Suite struct GalleryRenderTests {
    @Test func galleryRendersEveryPlotType() throws {
        let workspace = try Workspace(example: "gallery")
        try workspace.render("gallery.md")
        let files = try Workspace.files(in: workspace.output("report"))
        for id in ["scatter", "line", "reach", "heat", "grid"] {
            let png = try #require(files["figures/fig-\(id).png"], "figure \(id)")
            #expect(png.count > 5_000, "\(id) has content")
            #expect(files["figures/fig-\(id).svg"] != nil)
        }
        let readme = String(decoding: files["README.md"]!, as: UTF8.self)
        #expect(readme.contains("**Figure 4.** `heatmap`"))
    }
}
