import Foundation
import ReportEngine
import ReportTestSupport
import Synchronization
import TestSupport
import Testing

@testable import DirectiveLibrary

/// The `dataset` directive on folders made on the fly (the images' bytes are not decoded here).
@Suite struct DatasetTests {
    /// A workspace with a folder `images/` of files `name → content` and a template around `options`.
    struct Setup {
        let workspace: Workspace
        var root: URL { workspace.root }

        init(files: [String: String], options: String, seed: Int = 1, extra: String = "") throws {
            workspace = try Workspace("litmus-dataset")
            for (name, content) in files { try workspace.write("images/" + name, Self.bytes(name, content)) }
            try write(options: options, seed: seed, extra: extra)
        }

        func write(options: String, seed: Int = 1, extra: String = "") throws {
            try workspace.write("---\nseed: \(seed)\n---\n\n```{dataset #ds}\npath: images\n\(options)\n```\n\n\(extra)\n")
        }

        func set(_ name: String, _ content: String) throws { try workspace.write("images/" + name, Self.bytes(name, content)) }

        /// Image files start with the PNG signature and end with an IEND chunk name (the dataset step checks
        /// both; nothing decodes them here).
        static func bytes(_ name: String, _ content: String) -> Data {
            let isImage = name.hasSuffix(".png") || name.hasSuffix(".jpg")
            return isImage ? Data([0x89, 0x50, 0x4E, 0x47]) + Data(content.utf8) + Data("IEND".utf8) : Data(content.utf8)
        }

        @discardableResult
        func renderReadme() throws -> String { try workspace.renderReadme() }

        func runLog() throws -> [String: Bool] {
            try Workspace.runLog(workspace.output("report")).mapValues(\.cached)
        }
    }

    static let labelled: [String: String] = {
        var files = [
            "labels.csv": "file,kl,side\n" + (0..<10).map { "img\($0).png,\($0 % 5),\($0 % 2 == 0 ? "L" : "R")" }.joined(separator: "\n") + "\n"
        ]
        for i in 0..<10 { files["img\(i).png"] = "image \(i)" }
        return files
    }()

    @Test func labelsGroupsAndBalancedSampling() throws {
        let setup = try Setup(
            files: Self.labelled, options: "groups: {healthy: [0, 1], OA: [2, 3, 4]}\nper_group: 3\nsource: MOST",
            extra: "Groups: {{ ds.group.classes | join: \", \" }}; ids {{ ds.group.ids | join: \" \" }}.")
        let readme = try setup.renderReadme()
        #expect(readme.contains("Dataset MOST: 6 images (OA 3, healthy 3)."))
        #expect(readme.contains("Groups: healthy, OA") || readme.contains("Groups: OA, healthy"))
        let ids = readme.components(separatedBy: "ids ").last!.components(separatedBy: ".\n").first!
        #expect(ids.split(separator: " ").allSatisfy { $0.hasPrefix("MOST/img") })
        // Same sample again; the template's seed leaves it alone (it is the data, not the analysis's chance);
        // another `sample_seed` draws (here) another one.
        #expect(try setup.renderReadme() == readme)
        let extra = "Groups: {{ ds.group.classes | join: \", \" }}; ids {{ ds.group.ids | join: \" \" }}."
        try setup.write(options: "groups: {healthy: [0, 1], OA: [2, 3, 4]}\nper_group: 3\nsource: MOST", seed: 99, extra: extra)
        #expect(try setup.renderReadme() == readme)
        try setup.write(options: "groups: {healthy: [0, 1], OA: [2, 3, 4]}\nper_group: 3\nsource: MOST\nsample_seed: 5", extra: extra)
        #expect(try setup.renderReadme() != readme)
    }

    /// Images added to the folder change the sample only by the added ones that rank first, each taking
    /// one place: no image that was left out before comes in, so every other sampled image's features are
    /// still cached (issue 35: 20 images added to a source, 20 images computed).
    @Test func addedImagesChangeTheSampleOnlyByThemselves() throws {
        func files(_ count: Int) -> [String: String] {
            var files = ["labels.csv": "file,kl\n" + (0..<count).map { "img\($0).png,\($0 % 5)" }.joined(separator: "\n") + "\n"]
            for i in 0..<count { files["img\(i).png"] = "image \(i)" }
            return files
        }
        let options = "groups: {healthy: [0, 1], OA: [2, 3, 4]}\nper_group: 6\nsource: S"
        let extra = "ids {{ ds.group.ids | join: \" \" }}."
        func ids(_ readme: String) -> Set<String> {
            Set(readme.components(separatedBy: "ids ").last!.components(separatedBy: ".\n").first!.split(separator: " ").map(String.init))
        }
        let setup = try Setup(files: files(40), options: options, extra: extra)
        let before = ids(try setup.renderReadme())
        #expect(before.count == 12)
        var changed = 0
        for added in stride(from: 40, to: 80, by: 10) {
            for (name, content) in files(added + 10) { try setup.set(name, content) }
            let after = ids(try setup.renderReadme())
            let newcomers = after.subtracting(before)
            #expect(after.count == 12)
            let numbers = newcomers.map { Int($0.filter(\.isNumber)) ?? -1 }
            #expect(numbers.allSatisfy { $0 >= 40 }, "an image left out before came in: \(newcomers)")
            changed = newcomers.count
        }
        // 40 images added to 40: some of them rank first (else the test shows nothing).
        #expect(changed > 0)
    }

    @Test func subFolderNamesAreLabels() throws {
        let setup = try Setup(
            files: ["kl0/a.png": "a", "kl0/b.png": "b", "kl3/c.jpg": "c"], options: "labels: none.csv",
            extra: "Labels: {{ ds.label.values | join: \" \" }}.")
        #expect(try setup.renderReadme().contains("Labels: kl0 kl0 kl3."))
    }

    @Test func problemsAreListedWithFileAndLine() throws {
        var files = Self.labelled
        files["labels.csv"]! += "missing.png,1,L\nimg3.png,3,R\n"
        files["extra.png"] = "not listed"
        let setup = try Setup(files: files, options: "")
        try "id,text\n".write(to: setup.root.appendingPathComponent("images/img5.png"), atomically: true, encoding: .utf8)
        // Cut short: the PNG signature and a few bytes, no end chunk.
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).write(to: setup.root.appendingPathComponent("images/img6.png"))
        #expect {
            try setup.renderReadme()
        } throws: { error in
            let text = String(describing: error)
            return text.contains("5 problems in `images`") && text.contains("labels.csv:12: `missing.png` does not exist in the folder")
                && text.contains("`img5.png` is not a PNG, JPEG or DICOM image")
                && text.contains("`img6.png` is truncated: the PNG has no end chunk (IEND)")
                && text.contains("labels.csv:13: `img3.png` is listed again (first on line 5)")
                && text.contains("`extra.png` is not listed in labels.csv") && text.contains("on_error: skip")
        }
        try setup.write(options: "on_error: skip", extra: "Skipped {{ ds.skipped }} of {{ ds.count + ds.skipped }}.")
        #expect(try setup.renderReadme().contains("Skipped 5 of 13."))
    }

    @Test func badLabelsAndGroupsAreErrors() throws {
        let noFileColumn = try Setup(files: ["labels.csv": "name,kl\na.png,0\n", "a.png": "a"], options: "")
        #expect { try noFileColumn.renderReadme() } throws: { String(describing: $0).contains("has no `file` column; columns: name, kl") }
        let small = try Setup(files: Self.labelled, options: "groups: {healthy: [0, 1], OA: [2, 3, 4]}\nper_group: 5")
        #expect { try small.renderReadme() } throws: { String(describing: $0).contains("group `healthy` has 4 images, fewer than per_group = 5") }
        let overlap = try Setup(files: Self.labelled, options: "groups: {a: [0, 1], b: [1, 2]}")
        #expect { try overlap.renderReadme() } throws: { String(describing: $0).contains("label `1` is in both `a` and `b`") }
        let empty = try Setup(files: ["notes.txt": "x"], options: "")
        #expect { try empty.renderReadme() } throws: { String(describing: $0).contains("has no PNG, JPEG or DICOM images") }
    }

    @Test func datasetsCombineWithTheirSources() throws {
        let setup = try Setup(files: Self.labelled, options: "source: MOST")
        try FileManager.default.createDirectory(at: setup.root.appendingPathComponent("synthetic"), withIntermediateDirectories: true)
        for i in 0..<4 { try setup.set("../synthetic/s\(i).png", "synthetic \(i)") }
        try ("file,kl\n" + (0..<4).map { "s\($0).png,\($0)" }.joined(separator: "\n") + "\n")
            .write(to: setup.root.appendingPathComponent("synthetic/labels.csv"), atomically: true, encoding: .utf8)
        try setup.write(
            options: "source: MOST",
            extra: """
                ```{dataset #synth}
                path: synthetic
                ```

                ```{combine #both}
                inputs: [ds, synth]
                ```

                Sources: {{ both.source.classes | join: ", " }}; KL of the last: {{ both.kl.values[-1] }}.
                """)
        let readme = try setup.renderReadme()
        #expect(readme.contains("Combined 14 images (MOST 10, synthetic 4)."))
        #expect(readme.contains("Sources: MOST, synthetic; KL of the last: 3."))
    }

    @Test func imageChangesAreDetectedByContent() throws {
        let setup = try Setup(files: Self.labelled, options: "")
        try setup.renderReadme()
        try setup.renderReadme()
        #expect(try setup.runLog()["ds"] == true, "nothing changed: cached")
        try setup.set("img4.png", "image 4, edited")  // same name, new content
        try setup.renderReadme()
        #expect(try setup.runLog()["ds"] == false)
        try setup.renderReadme()
        try setup.set("img10.png", "new image")
        try setup.set("labels.csv", Self.labelled["labels.csv"]! + "img10.png,0,L\n")
        let readme = try setup.renderReadme()
        #expect(try setup.runLog()["ds"] == false && readme.contains("11 images"))
    }
}

@Suite struct DemoDatasetTests {
    @Test func demoImagesAreGeneratedOnceAndLabelled() throws {
        let folder = try Workspace("litmus-demo")
        let template = """
            ```{dataset #most}
            demo: most
            count: 20
            size: 48
            groups: {healthy: [0, 1], OA: [2, 3, 4]}
            per_group: 5
            ```

            Subgroups: {{ most.subgroup.classes | join: ", " }}.
            """
        try folder.write(template)
        #expect(try folder.renderReadme().contains("Dataset most: 10 images (OA 5, healthy 5)."))
        let work = folder.root.appendingPathComponent(".litmus/work")
        let folders = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { !$0.hasPrefix(".") }
        #expect(folders == ["demo-most-n20-px48-v1"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent(folders[0]).path).count == 21)
    }

    /// `exclude` leaves out another dataset's images before sampling: a held-out set.
    @Test func excludeLeavesOutAnotherDatasetsImages() throws {
        let folder = try Workspace("litmus-exclude")
        try folder.write(
            """
            ```{dataset #train}
            demo: oai
            count: 20
            size: 32
            per_group: 2
            ```

            ```{dataset #heldout}
            demo: oai
            count: 20
            size: 32
            exclude: train
            source: held-out
            ```

            Train {{ train.count }}, held out {{ heldout.count }}; shared {{ train.table.file | join: ";" }} | {{ heldout.table.file | join: ";" }}.
            """)
        let text = try folder.renderReadme()
        #expect(text.contains("Train 10, held out 10;"), "\(text)")
        let line = try #require(text.firstMatch(of: /shared ([^|]*) \| ([^\n]*)\./))
        let (train, heldout) = (Set(line.1.split(separator: ";")), Set(line.2.split(separator: ";")))
        #expect(train.count == 10 && heldout.count == 10 && train.isDisjoint(with: heldout), "\(text)")
    }

    @Test func pathOrDemoIsRequired() throws {
        let folder = try Workspace("litmus-demo")
        try folder.write("```{dataset #d}\ncount: 3\n```\n")
        #expect {
            try Renderer(cacheDirectory: nil).check(folder.templatePath)
        } throws: { error in
            String(describing: error).contains("t.md:1:4: error: `dataset`: give `path` (a folder of images) or `demo` (most, oai or synthetic)")
        }
    }
}

@Suite struct FeaturesTests {
    @Test func featuresAreCachedPerImage() throws {
        let folder = try Workspace("litmus-features")
        func write(_ count: Int) throws {
            let template = """
                ```{dataset #most}
                demo: most
                count: \(count)
                size: 40
                ```

                ```{features #feat}
                input: most
                size: 32
                ```

                ```{pca #pca}
                input: feat
                n_components: 2
                ```

                Computed {{ feat.computed }}, reused {{ feat.reused }}; {{ feat.features.rows }} × {{ feat.features.columns }}.
                """
            try folder.write(template)
        }
        func render() throws -> String { try folder.renderReadme() }
        try write(6)
        let first = try render()
        #expect(first.contains("Computed 6, reused 0; 6 × 512."))
        #expect(first.contains("not ImageNet weights"))
        // Four more images: only those are computed.
        try write(10)
        #expect(try render().contains("Computed 4, reused 6; 10 × 512."))
        // An interrupted run leaves per-image entries but no step result: the next run resumes from them.
        // Simulate it by removing every step-level entry (those with a value.json) from the cache.
        let cache = folder.root.appendingPathComponent(".litmus/cache")
        let enumerator = FileManager.default.enumerator(atPath: cache.path)!
        var stepEntries = [String]()
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix("/value.json") { stepEntries.append(String(path.dropLast("/value.json".count))) }
        }
        for entry in stepEntries { try FileManager.default.removeItem(at: cache.appendingPathComponent(entry)) }
        #expect(!stepEntries.isEmpty)
        #expect(try render().contains("Computed 0, reused 10; 10 × 512."))
    }

    /// Batches change neither the numbers nor the cache; progress arrives once per batch.
    @Test func batchesGiveTheSameFeaturesAndReportProgress() throws {
        func template(_ batch: Int) -> String {
            "```{dataset #d}\ndemo: oai\ncount: 5\nsize: 40\n```\n\n```{features #f}\ninput: d\nsize: 32\nbatch_size: \(batch)\n```\n\n"
                + "```{export #x}\ninput: f\npath: x.npy\n```\n"
        }
        let one = try Workspace("litmus-batch-1")
        let two = try Workspace("litmus-batch-2")
        try one.write(template(1))
        try two.write(template(2))
        let events = Mutex<[StepProgress]>([])
        try one.renderReadme(cached: false)
        try two.renderReadme { progress in events.withLock { $0.append(progress) } }
        let csv = { (folder: Workspace) in try Data(contentsOf: folder.root.appendingPathComponent("reports/report/data/x.npy")) }
        #expect(try csv(one) == csv(two))
        #expect(events.withLock { $0.map(\.done) } == [2, 4, 5])
        #expect(events.withLock { $0.allSatisfy { $0.total == 5 && $0.stepID == "f" && $0.unit == "images" } })
        // A different batch size is the same step: everything comes from the cache.
        try two.write(template(3))
        events.withLock { $0.removeAll() }
        try two.renderReadme { progress in events.withLock { $0.append(progress) } }
        #expect(events.withLock { $0.isEmpty })
    }

    @Test func anEarlierBlockGivesItsChannelCount() throws {
        let folder = try Workspace("litmus-layer")
        try folder.write(
            "```{dataset #d}\ndemo: oai\ncount: 2\nsize: 40\n```\n\n```{features #f}\ninput: d\nsize: 32\nlayer: block3\n```\n\n"
                + "{{ f.features.columns }} columns from {{ f.layer }}.\n")
        let readme = try folder.renderReadme()
        #expect(readme.contains("256 columns from block3."))
        #expect(readme.contains("VGG19 features (256-d, block3) of 2 images"))
    }

    /// A file named like HTML is shown as text in both outputs, never as markup.
    @Test func hostileFileNamesAreEscaped() throws {
        let folder = try Workspace("litmus-hostile-names")
        let images = folder.root.appendingPathComponent("imgs")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        let png = try #require(
            Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGMQUGAwcAAAAXYAoewwivQAAAAASUVORK5CYII="))
        let hostile = "<img src=x onerror=alert(1)>.png"
        try png.write(to: images.appendingPathComponent(hostile))
        try png.write(to: images.appendingPathComponent("plain.png"))
        try "file,kl\n\(hostile),0\nplain.png,1\n".write(to: images.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
        try folder.write("```{dataset #d}\npath: imgs\n```\n\n```{table #t}\ninput: d\ncolumns: [id, kl]\n```\n\nFirst: {{ d.table.id[0] }}.\n")
        let readme = try folder.renderReadme()
        let html = try String(contentsOf: folder.root.appendingPathComponent("reports/report/index.html"), encoding: .utf8)
        #expect(!readme.contains("<img src=x") && readme.contains("&lt;img src=x onerror=alert(1)&gt;"), "\(readme)")
        #expect(!html.contains("<img src=x") && html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func progressReadsLikeAStatusLine() {
        let running = StepProgress(stepID: "most", directive: "features", unit: "images", done: 120, total: 4000, seconds: 40)
        #expect(running.description == "features #most: 120/4000 images · 3.0/s · about 22 min left")
        let finished = StepProgress(stepID: "most", directive: "features", unit: "images", done: 8, total: 8, seconds: 2.5)
        #expect(finished.description == "features #most: 8/8 images · 3.2/s · 2.5 s")
    }

    @Test func badWeightsAreNamed() throws {
        let folder = try Workspace("litmus-features")
        try Data([1, 2, 3]).write(to: folder.root.appendingPathComponent("w.safetensors"))
        let template = "```{dataset #d}\ndemo: oai\ncount: 2\nsize: 40\n```\n\n```{features #f}\ninput: d\nweights: w.safetensors\nsize: 32\n```\n"
        try folder.write(template)
        #expect {
            try folder.renderReadme(cached: false)
        } throws: { error in
            String(describing: error).contains("t.md:9:10: error: features #f: `w.safetensors`: the weights file is truncated")
        }
    }
}

@Suite struct GridTests {
    @Test func representativesAreShownAsAnImageGrid() throws {
        let folder = try Workspace("litmus-grid")
        let template = """
            ```{dataset #d}
            demo: oai
            count: 8
            size: 40
            ```

            ```{features #f}
            input: d
            size: 32
            ```

            ```{pca #p}
            input: f
            n_components: 2
            ```

            ```{kmeans #k}
            input: p
            n_clusters: 2
            ```

            ```{representatives #r}
            input: p
            labels: k
            ```

            ```{grid #reps}
            input: r
            images: d
            columns: 2
            cell_size: 48
            caption: The image nearest each k-means centre.
            ```
            """
        try folder.write(template)
        #expect(try folder.renderReadme().contains("**Figure 1.** The image nearest each k-means centre."))
        let png = try Data(contentsOf: folder.root.appendingPathComponent("reports/report/figures/fig-reps.png"))
        #expect(png.count > 1000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}
