import Foundation
import ReportEngine
import ReportTestSupport
import TestSupport
import Testing

@testable import DirectiveLibrary

/// On one machine a render's bytes (every file but run.json) depend on none of `batch_size`, `--jobs`, the
/// core count or what else runs in the process: every BLAS call is single-threaded and every parallel
/// loop works in fixed blocks (docs/numerics.md). Swift Testing runs these beside the rest of the suite,
/// so other tests' products run in the same process at the same time.
@Suite struct DeterminismTests {
    /// Features, PCA, k-means, UMAP, OPTICS, composition and agreement on two small demo sources.
    static func study(batchSize: Int) -> String {
        """
        ---
        seed: 5
        ---
        ```{dataset #a}
        demo: most
        count: 12
        size: 48
        ```

        ```{dataset #b}
        demo: synthetic
        count: 12
        size: 48
        ```

        ```{combine #ab}
        inputs: [a, b]
        ```

        ```{features #f}
        input: ab
        size: 32
        batch_size: \(batchSize)
        ```

        ```{pca #p}
        input: f
        n_components: 5
        ```

        ```{kmeans #k}
        input: p
        n_clusters: 2..5
        ```

        ```{umap #u}
        input: f
        n_neighbors: 5
        ```

        ```{optics #o}
        input: u
        min_samples: 3
        ```

        ```{composition #c}
        clusters: o
        by: ab.source
        ```

        ```{export #xf}
        input: f
        path: f.npy
        ```

        ```{export #xu}
        input: u
        path: u.npy
        ```

        Inertia at k = 2: {{ k.curve.inertia[0] }}; variance: {{ p.explained_variance_ratio | join: ", " }}.
        """
    }

    static func files(of template: String, folder name: String, jobs: Int?) throws -> [String: Data] {
        let folder = try Workspace(name)
        try folder.write(template)
        try Renderer(cacheDirectory: nil, jobs: jobs).render(folder.templatePath, to: folder.root.appendingPathComponent("reports/report"))
        var files = [String: Data]()
        let out = folder.root.appendingPathComponent("reports/report")
        for path in try FileManager.default.subpathsOfDirectory(atPath: out.path) where path != "run.json" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try Data(contentsOf: out.appendingPathComponent(path))
            }
        }
        return files
    }

    @Test func batchSizeAndJobsChangeNoByte() throws {
        let serial = try Self.files(of: Self.study(batchSize: 1), folder: "litmus-determinism-serial", jobs: 1)
        let parallel = try Self.files(of: Self.study(batchSize: 8), folder: "litmus-determinism-parallel", jobs: nil)
        #expect(serial.keys.contains("data/f.npy") && serial.keys.contains("data/u.npy") && serial.keys.contains("manifest.json"))
        #expect(Set(serial.keys) == Set(parallel.keys))
        for (path, bytes) in serial where path != "manifest.json" {
            #expect(parallel[path] == bytes, "\(path) differs between batch_size 1 / --jobs 1 and batch_size 8 / all jobs")
        }
        // The manifests differ only in the template's hash (its `batch_size` line); keys and output hashes agree.
        let withoutTemplate = { (data: Data?) throws -> Data in
            let bytes = try #require(data)
            var object = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
            object["template"] = nil
            return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
        #expect(try withoutTemplate(serial["manifest.json"]) == withoutTemplate(parallel["manifest.json"]))
    }

    /// Two features steps computed at the same time (no cache, one level of the plan) give the bytes of
    /// either one computed alone.
    @Test func concurrentFeaturesStepsEqualOneAlone() throws {
        let source = "```{dataset #d}\ndemo: oai\ncount: 6\nsize: 48\n```\n\n"
        let step = { (id: String) in
            "```{features #\(id)}\ninput: d\nsize: 32\nbatch_size: 3\n```\n\n```{export #x\(id)}\ninput: \(id)\npath: \(id).npy\n```\n\n"
        }
        let both = try Self.files(of: source + step("f") + step("g"), folder: "litmus-concurrent-features", jobs: nil)
        let alone = try Self.files(of: source + step("f"), folder: "litmus-features-alone", jobs: 1)
        let f = try #require(both["data/f.npy"])
        #expect(f == both["data/g.npy"])
        #expect(f == alone["data/f.npy"])
    }
}
