import Analysis
import Foundation
import LinearAlgebra
import ReportTestSupport
import TestSupport
import Testing

@testable import DirectiveLibrary
@testable import ReportEngine

/// The `fidelity` and `fidelity_chart` directives in templates: their numbers are the Analysis
/// module's, intervals read inline, and bad input is refused with the option's line.
@Suite struct FidelityDirectiveTests {
    static func csv(_ matrix: Matrix, prefix: String) -> String {
        "id," + (0..<matrix.columns).map { "f\($0)" }.joined(separator: ",") + "\n"
            + (0..<matrix.rows).map { r in "\(prefix)\(r)," + matrix.row(r).map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static let real = TestData.randomMatrix(rows: 30, columns: 4, seed: 1)
    static let generated = TestData.randomMatrix(rows: 25, columns: 4, seed: 2, low: -0.8, high: 1.3)

    static func workspace(_ name: String, generated: Matrix = generated) throws -> Workspace {
        let folder = try Workspace(name)
        try folder.write("r.csv", csv(real, prefix: "r"))
        try folder.write("g.csv", csv(generated, prefix: "g"))
        return folder
    }

    static let loads = "```{load #r}\npath: r.csv\nids: id\n```\n\n```{load #g}\npath: g.csv\nids: id\n```\n\n"

    @Test func numbersIntervalsAndNotesInTheReport() throws {
        let folder = try Self.workspace("litmus-fidelity")
        try folder.write(
            Self.loads + """
                ```{fidelity #fid}
                real: r
                generated: g
                k: 3
                kd_subsets: 5
                resamples: 50
                permutations: 99
                ```

                ```{fidelity #same}
                real: r
                generated: r
                k: 3
                kd_subsets: 5
                resamples: 50
                show: false
                ```

                ```{fidelity_chart #chart}
                inputs: [fid, same]
                labels: [generated vs real, real vs itself]
                metrics: [fd, kd, precision, nn_accuracy]
                ```

                FD {{ fid.fd | fixed: 6 }} [{{ fid.low("fd") | fixed: 6 }}, {{ fid.high("fd") | fixed: 6 }}]; KD subsets of {{ fid.kd_subset_size }};
                notes: {{ fid.notes | join: " " }} Lowest realism: {{ fid.realism.id[0] }}. Same set: precision {{ same.precision }}, FD {{ same.fd | fixed: 9 }}.
                """)
        let text = try folder.renderReadme()
        let fd = try FrechetDistance(FeatureRows(Self.real), FeatureRows(Self.generated)).value
        let comparison = try DistributionComparison(
            real: FeatureRows(Self.real), generated: FeatureRows(Self.generated),
            settings: .init(k: 3, kernelSubsets: 5, resamples: 0, permutations: 0, seed: 1))
        let lowest = comparison.neighbourhoods.realism.indices.min { comparison.neighbourhoods.realism[$0] < comparison.neighbourhoods.realism[$1] }!
        #expect(text.contains("FD \(ValueFormatter.fixed(fd, decimals: 6)) ["), "\(text)")
        #expect(
            text.contains(
                "KD subsets of 25;\nnotes: KD: subsets of 25 items, the smaller set's size (kd\\_subset\\_size 1000 asked). Lowest realism: g"),
            "\(text)")
        #expect(text.contains("Lowest realism: g\(lowest)."), "\(text)")
        #expect(text.contains("Same set: precision 1, FD 0.000000000."), "\(text)")
        #expect(text.contains("| FD |") && text.contains("| 1-NN accuracy |") && text.contains("p = "), "\(text)")
        #expect(text.contains("![") && text.contains("fig-chart"), "the chart is drawn")
    }

    @Test func badInputIsRefusedAtTheOption() throws {
        let narrow = try Self.workspace("litmus-fidelity-bad", generated: TestData.randomMatrix(rows: 25, columns: 3, seed: 2))
        try narrow.write(Self.loads + "```{fidelity #fid}\nreal: r\ngenerated: g\n```\n")
        #expect { try narrow.renderReadme() } throws: {
            String(describing: $0).contains(
                "t.md:13:12: error: fidelity #fid: `real` has 4 features per item and `generated` 3; compare features of the same network and layer")
        }
        let folder = try Self.workspace("litmus-fidelity-k")
        try folder.write(Self.loads + "```{fidelity #fid}\nreal: r\ngenerated: g\nk: 25\n```\n")
        #expect { try folder.renderReadme() } throws: {
            String(describing: $0).contains(
                "t.md:14:4: error: fidelity #fid: `generated` has 25 items; with k = 25 each set needs at least 26: give more images or a smaller `k`"
            )
        }
    }

    @Test func aNonFiniteFeatureIsNamedByItsItem() throws {
        var values = Self.generated.storage
        values[7 * 4 + 2] = .nan
        let bad = Value.matrix(ItemMatrix(ids: (0..<25).map { "syn/\($0).png" }, matrix: Matrix(rows: 25, columns: 4, storage: values)))
        let real = Value.matrix(ItemMatrix(ids: (0..<30).map { "real/\($0).png" }, matrix: Self.real))
        #expect { try DirectiveHarness().run("fidelity", inputs: ["real": real, "generated": bad]) } throws: {
            ($0 as? DirectiveError)?.description
                == "`generated` item `syn/7.png` has a non-finite value (NaN or infinity) in feature 3; recompute its features or leave it out"
        }
    }

    @Test func checkRefusesOptionsThatCannotWork() throws {
        let folder = try TestData.temporaryDirectory()
        try NPYCodec.encode(NPYArray(Self.real)).write(to: folder.appendingPathComponent("x.npy"))
        let template = try TemplateParser().parse(
            source: """
                ```{load #f}
                path: x.npy
                ```
                ```{fidelity #fid}
                real: f
                generated: f
                k: 0
                kd_subset_size: 1
                resamples: -1
                ```
                ```{fidelity_chart}
                inputs: [fid]
                metrics: [fd, fid]
                labels: [a, b]
                ```
                """, path: "t.md")
        do {
            _ = try Planner(registry: .standard).plan(template, overrides: [], baseDirectory: folder)
            Issue.record("the plan should fail")
        } catch {
            let found = error.diagnostics.map { ($0.location.map { "\($0.line):\($0.column) " } ?? "") + $0.message }
            #expect(found.contains("7:4 `k` = 0 is out of range; use integer in 1…1000"), "\(found)")
            #expect(found.contains("8:17 `kd_subset_size` = 1 is out of range; use integer in 2…1000000"), "\(found)")
            #expect(found.contains("9:12 `resamples` = -1 is out of range; use integer in 0…100000"), "\(found)")
            #expect(found.contains { $0.hasPrefix("13:") && $0.contains("no metric `fid`") }, "\(found)")
            #expect(found.contains { $0.hasPrefix("14:") && $0.contains("give one label per input: 2 labels for 1 inputs") }, "\(found)")
        }
    }
}
