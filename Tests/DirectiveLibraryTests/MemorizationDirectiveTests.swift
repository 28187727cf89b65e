import Analysis
import Foundation
import LinearAlgebra
import ReportTestSupport
import TestSupport
import Testing

@testable import DirectiveLibrary
@testable import ReportEngine

/// The `memorization`, `memorization_chart` and `pair_grid` directives in templates, and the demo's
/// planted copies: the numbers are the Analysis module's (checked there against scikit-learn and
/// dgm-eval), the phantoms' copies are found and nothing else is, bad input is refused at its option.
@Suite struct MemorizationDirectiveTests {
    static let fixtures = Workspace.packageRoot.appendingPathComponent("Tests/AnalysisTests/Fixtures/memorization")

    static func workspace(_ name: String) throws -> Workspace {
        let folder = try Workspace(name)
        for file in ["train", "generated", "heldout"] {
            try folder.write("\(file).npy", try Data(contentsOf: fixtures.appendingPathComponent("\(file).npy")))
        }
        return folder
    }

    static let loads = "```{load #t}\npath: train.npy\n```\n\n```{load #g}\npath: generated.npy\n```\n\n```{load #h}\npath: heldout.npy\n```\n\n"

    /// The fixture's six planted copies (generated rows 4, 13, 30, 36, 41, 93) and only they are flagged;
    /// AuthPct and C_T are the fixture's (dgm-eval's formulas).
    @Test func fixtureCopiesAuthenticityAndCT() throws {
        let folder = try Self.workspace("litmus-memorization")
        try folder.write(
            Self.loads + """
                ```{memorization #mem}
                generated: g
                train: t
                heldout: h
                n_pairs: 8
                ```

                ```{memorization_chart #hist}
                input: mem
                ```

                Copies {{ mem.copies }}: {{ mem.copy_ids | join: ", " }}. AuthPct {{ mem.authenticity | fixed: 4 }}. C_T {{ mem.ct | fixed: 6 }}.
                First pair {{ mem.pairs.generated[0] }}–{{ mem.pairs.train[0] }}; held-out rows {{ mem.heldout_nearest.rows }}; nearest rows {{ mem.nearest.rows }}.
                """)
        let text = try folder.renderReadme()
        #expect(text.contains("Copies 6: 4, 13, 30, 36, 41, 93. AuthPct 71.0000."), "\(text)")
        #expect(text.contains("C_T 0.843880."), "\(text)")
        #expect(text.contains("held-out rows 100; nearest rows 100."), "\(text)")
        // The lowest ratio is one of the planted copies, paired with its source.
        let sources = [4: 8, 13: 29, 30: 39, 36: 26, 41: 48, 93: 88]
        let pair = try #require(text.firstMatch(of: /First pair (\d+)–(\d+);/))
        #expect(sources[Int(pair.1)!] == Int(pair.2)!, "\(text)")
        #expect(text.contains("| near_copy |") || text.contains("near\\_copy"), "\(text)")
        #expect(text.contains("fig-hist"), "the histogram is drawn")
    }

    /// Features of different widths, a list of one dataset for `images`, and `copies` without its
    /// original are each refused with the option's line.
    @Test func badInputIsRefusedAtTheOption() throws {
        let folder = try Self.workspace("litmus-memorization-bad")
        try folder.write("narrow.csv", "id,a,b\nx,1,2\ny,3,4\n")
        try folder.write(Self.loads + "```{load #n}\npath: narrow.csv\nids: id\n```\n\n```{memorization #mem}\ngenerated: n\ntrain: t\n```\n")
        #expect { try folder.renderReadme() } throws: {
            String(describing: $0).contains("`generated` has 2 features per item and `train` 72; compare features of the same network and layer")
        }
        try folder.write(
            Self.loads + "```{dataset #d}\ndemo: oai\ncount: 5\n```\n\n```{memorization #mem}\ngenerated: g\ntrain: t\nimages: [d]\n```\n")
        #expect { try folder.renderReadme() } throws: { String(describing: $0).contains("give two datasets") }
        try folder.write("```{dataset #d}\ndemo: synthetic\ncount: 5\ncopies: 2\n```\n")
        #expect { try folder.renderReadme() } throws: { String(describing: $0).contains("`copies` needs `copies_of`") }
        try folder.write("```{dataset #d}\ndemo: most\ncount: 5\ncopies: 2\n```\n")
        #expect { try folder.renderReadme() } throws: { String(describing: $0).contains("use it with `demo: synthetic`") }
    }

    /// The demo: synthetic phantoms with copies of the OAI images the report samples. The report's
    /// near-copies are exactly the images whose `copy_of` label names an original, each paired with that
    /// original; the pairs' SSIM shows the same radiograph (near 1), the other pairs' do not.
    @Test func demoCopiesAreFoundAndNothingElse() throws {
        let folder = try Workspace("litmus-memorization-demo")
        try folder.write(
            """
            ```{dataset #reference}
            demo: oai
            count: 40
            groups: {healthy: [0, 1], OA: [2, 3, 4]}
            per_group: 12
            ```

            ```{dataset #synthetic}
            demo: synthetic
            count: 40
            groups: {healthy: [0, 1], OA: [2, 3, 4]}
            per_group: 12
            copies: 4
            copies_of: reference
            ```

            ```{features #f-reference}
            input: reference
            size: 64
            ```

            ```{features #f-synthetic}
            input: synthetic
            size: 64
            ```

            ```{memorization #mem}
            generated: f-synthetic
            train: f-reference
            images: [synthetic, reference]
            n_pairs: 6
            size: 64
            ```

            ```{pair_grid #pairs}
            input: mem
            images: [synthetic, reference]
            ```

            Copies {{ mem.copies }}: {{ mem.copy_ids | join: ", " }}.
            Planted: {{ synthetic.table.copy_of | join: ";" }}.
            Ids: {{ synthetic.table.id | join: ";" }}.
            Pairs: {{ mem.pairs.generated | join: ", " }} / {{ mem.pairs.train | join: ", " }} / {{ mem.pairs.ssim | join: ", " }}.
            """)
        let text = try folder.renderReadme()
        let planted = try #require(text.firstMatch(of: /Planted: ([^\n]*)\./)).1.split(separator: ";", omittingEmptySubsequences: false)
        let copies = try #require(text.firstMatch(of: /Copies (\d+): ([^\n]*)\./))
        let flagged = copies.2.split(separator: ", ").map(String.init)
        #expect(Int(copies.1) == 4 && flagged.count == 4, "\(text)")
        let ids = try #require(text.firstMatch(of: /Pairs: ([^\n]*) \/ ([^\n]*) \/ ([^\n]*)\./))
        let (generated, train) = (ids.1.split(separator: ", ").map(String.init), ids.2.split(separator: ", ").map(String.init))
        let ssim = ids.3.split(separator: ", ").compactMap { Double($0) }
        let sampled = try #require(text.firstMatch(of: /Ids: ([^\n]*)\./)).1.split(separator: ";").map(String.init)
        let plantedIDs = Set(zip(sampled, planted).filter { !$0.1.isEmpty }.map(\.0))
        #expect(plantedIDs.count == 4, "four planted copies in the sample: \(planted)")
        #expect(Set(flagged) == plantedIDs, "\(text)")
        for (row, id) in generated.enumerated() where row < 4 {
            // Each flagged image is a planted copy of the training image it is paired with.
            #expect(flagged.contains(id), "\(text)")
            let file = String(id.split(separator: "/").last!)
            let index = Int(file.dropFirst("synthetic-".count).prefix(5))!
            #expect(train[row] == "oai/" + String(format: "oai-%05d.png", index), "\(text)")
        }
        // Phantoms share one anatomy, so even different ones score high; a copy scores higher than any.
        #expect(ssim.count == 6 && ssim.prefix(4).min()! > ssim.suffix(2).max()!, "SSIM: \(ssim)")
        #expect(ssim.prefix(4).min()! > 0.95, "a copy's SSIM: \(ssim)")
        #expect(text.contains("fig-pairs"), "the pairs are drawn")
    }
}
