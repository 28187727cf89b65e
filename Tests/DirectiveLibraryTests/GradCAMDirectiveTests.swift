import Foundation
import LinearAlgebra
import ReportEngine
import ReportTestSupport
import Testing

@testable import DirectiveLibrary

@Suite struct GradCAMDirectiveTests {
    private func template(target: String, extra: String = "") -> String {
        """
        ```{dataset #d}
        demo: oai
        count: 6
        size: 48
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

        ```{composition #c}
        clusters: k
        by: d.kl
        ```

        ```{gradcam #cam}
        input: r
        images: d
        features: f
        target: \(target)
        composition: c
        cell_size: 40
        caption: What the network looked at.\(extra)
        ```

        ```{export #maps}
        input: cam.heatmaps
        path: maps.npy
        ```

        Grad-CAM of {{ cam.count }} images at {{ cam.layer }}, target {{ cam.target }}.
        """
    }

    @Test func representativesGetHeatMapsFromAPCAComponent() throws {
        let folder = try Workspace("litmus-gradcam")
        try folder.write(template(target: "p.components[0]"))
        let readme = try folder.renderReadme()
        #expect(readme.contains("**Figure 1.** What the network looked at."))
        #expect(readme.contains("Grad-CAM of 2 images at conv5\\_4, target projection on p.components\\[0\\]."))
        let png = try Data(contentsOf: folder.root.appendingPathComponent("reports/report/figures/fig-cam.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let maps = try NPYCodec.decode(try Data(contentsOf: folder.root.appendingPathComponent("reports/report/data/maps.npy")))
        #expect(maps.shape == [2, 32 * 32])
        #expect(maps.floats.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Each map is min–max scaled: it reaches 1 (a constant map would be all zeros).
        for row in 0..<2 { #expect(maps.floats[(row * 1024)..<((row + 1) * 1024)].max()! > 0.99) }
    }

    @Test func sumAndFeatureTargetsWork() throws {
        let folder = try Workspace("litmus-gradcam-targets")
        try folder.write(template(target: "sum"))
        #expect(try folder.renderReadme().contains("target sum of the features."))
        try folder.write(template(target: "7"))
        let readme = try folder.renderReadme()
        #expect(readme.contains("target feature 7."), "\(readme.suffix(200))")
    }

    @Test func aVectorOfTheWrongLengthIsNamed() throws {
        let folder = try Workspace("litmus-gradcam-bad")
        try folder.write(template(target: "p.explained_variance_ratio"))
        #expect {
            try folder.renderReadme()
        } throws: { error in
            String(describing: error).contains("error: gradcam #cam: `target` has 2 numbers; it needs 512")
        }
    }

    @Test func imagesCanBeGivenByID() throws {
        let folder = try Workspace("litmus-gradcam-ids")
        let head = "```{dataset #d}\ndemo: oai\ncount: 3\nsize: 40\n```\n\n```{features #f}\ninput: d\nsize: 32\n```\n\n"
        try folder.write(head + "```{gradcam #cam}\nids: [oai/oai-00001.png]\nimages: d\nfeatures: f\n```\n\n{{ cam.count }} image.\n")
        #expect(try folder.renderReadme().contains("1 image."))
        try folder.write(head + "```{gradcam #cam}\nids: [oai/missing.png]\nimages: d\nfeatures: f\n```\n")
        #expect {
            try folder.renderReadme()
        } throws: { error in
            String(describing: error).contains("`oai/missing.png` is not in `images`")
        }
        try folder.write(head + "```{gradcam #cam}\nimages: d\nfeatures: f\n```\n")
        #expect {
            try folder.renderReadme()
        } throws: { error in
            String(describing: error).contains("say which images to explain")
        }
    }
}
