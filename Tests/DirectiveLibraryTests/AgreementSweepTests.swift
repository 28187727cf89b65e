import Foundation
import LinearAlgebra
import ReportEngine
import ReportTestSupport
import Testing

@testable import DirectiveLibrary

@Suite struct AgreementSweepTests {
    /// Three well separated blobs; `b` holds the first 45 items of `a` plus 15 of its own.
    private func writeData(_ folder: Workspace) throws {
        var g = SeededGenerator(seed: 4)
        func blobs(_ count: Int, offset: Int) -> [Float] {
            (0..<count).flatMap { i -> [Float] in
                let centre = Float(((i + offset) % 3) * 20)
                return (0..<6).map { _ in centre + Float(g.nextUnit() * 2 - 1) }
            }
        }
        let a = blobs(60, offset: 0)
        let b = Array(a.prefix(45 * 6)) + blobs(15, offset: 1)
        try NPYCodec.encode(NPYArray(shape: [60, 6], elements: .float32(a))).write(to: folder.root.appendingPathComponent("a.npy"))
        try NPYCodec.encode(NPYArray(shape: [60, 6], elements: .float32(b))).write(to: folder.root.appendingPathComponent("b.npy"))
        try (0..<60).map { "a\($0)" }.joined(separator: "\n").write(
            to: folder.root.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try ((0..<45).map { "a\($0)" } + (0..<15).map { "b\($0)" }).joined(separator: "\n")
            .write(to: folder.root.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
    }

    private func template(dims: String) -> String {
        """
        ```{load #a}
        path: a.npy
        ids: a.txt
        ```

        ```{load #b}
        path: b.npy
        ids: b.txt
        ```

        ```{agreement_sweep #sweep}
        a: a
        b: b
        dims: "\(dims)"
        n_neighbors: 10
        min_samples: 5
        seed: 7
        caption: Agreement per UMAP dimension.
        ```

        ```{umap #ua}
        input: a
        n_components: 3
        n_neighbors: 10
        seed: 7
        ```

        ```{umap #ub}
        input: b
        n_components: 3
        n_neighbors: 10
        seed: 7
        ```

        ```{optics #oa}
        input: ua
        min_samples: 5
        ```

        ```{optics #ob}
        input: ub
        min_samples: 5
        ```

        ```{agreement #single}
        a: oa
        b: ob
        ```

        Three dimensions by hand: {{ single.ari | fixed: 6 }}; in the sweep: {{ sweep.table.ari[1] | fixed: 6 }}.

        Over {{ sweep.n_common }} common items the ARI lies between {{ sweep.min_ari | fixed: 2 }} and {{ sweep.max_ari | fixed: 2 }}.
        """
    }

    /// Each row is what `umap`, `optics` and `agreement` give for that dimension on their own.
    @Test func eachDimensionEqualsTheStepsDoneByHand() throws {
        let folder = try Workspace("litmus-sweep")
        try writeData(folder)
        try folder.write(template(dims: "2..4"))
        let readme = try folder.renderReadme()
        #expect(readme.contains("| n\\_components | ari | nmi | n\\_common | clusters\\_a | clusters\\_b |"))
        #expect(readme.contains("Over 45 common items the ARI lies between"))
        let line = try #require(readme.components(separatedBy: "\n").first { $0.hasPrefix("Three dimensions by hand") })
        let values = line.split(separator: ":").dropFirst().map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces) }
        #expect(values.count == 2 && values[0] == values[1].trimmingCharacters(in: CharacterSet(charactersIn: ".")), "\(line)")
        #expect(readme.components(separatedBy: "\n").filter { $0.hasPrefix("| 2 |") || $0.hasPrefix("| 3 |") || $0.hasPrefix("| 4 |") }.count == 3)
    }

    @Test func badRangesAreNamed() throws {
        let folder = try Workspace("litmus-sweep-bad")
        try writeData(folder)
        try folder.write(template(dims: "5..2"))
        #expect {
            try folder.renderReadme()
        } throws: { error in
            String(describing: error).contains("14:7: error: `dims` = `5..2` is not a range; write it `2..30`")
        }
        try folder.write(template(dims: "2..80"))
        #expect {
            try folder.renderReadme()
        } throws: { error in
            String(describing: error).contains("`dims` goes to 80, but an embedding needs fewer dimensions than items (60)")
        }
    }
}

@Suite struct CombineFeaturesTests {
    /// Features of two datasets combine into one matrix that keeps the network's description.
    @Test func featuresOfTwoSourcesCombine() throws {
        let folder = try Workspace("litmus-combine-features")
        try folder.write(
            """
            ```{dataset #a}
            demo: oai
            count: 2
            size: 40
            ```

            ```{dataset #b}
            demo: synthetic
            count: 3
            size: 40
            ```

            ```{features #fa}
            input: a
            size: 32
            ```

            ```{features #fb}
            input: b
            size: 32
            ```

            ```{combine #both}
            inputs: [fa, fb]
            ```

            {{ both.features.rows }} × {{ both.features.columns }}, weights {{ both.weights }}, first {{ both.features.ids[0] }}.
            """)
        let readme = try folder.renderReadme()
        #expect(readme.contains("Combined the features (512-d) of 5 images."))
        #expect(readme.contains("5 × 512, weights seeded(0), first oai/oai-00000.png."), "\(readme)")
    }
}
