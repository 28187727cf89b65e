import Foundation
import LinearAlgebra
import ReportTestSupport
import TestSupport
import Testing

@testable import DirectiveLibrary
@testable import ReportEngine

/// Validation before anything runs: every error with its message, position and hint, all at once.
@Suite struct PlannerTests {
    private func plan(_ source: String, overrides: [(String, String)] = []) throws(DiagnosticList) -> Plan {
        let folder = try! TestData.temporaryDirectory()
        try! NPYCodec.encode(NPYArray(TestData.randomMatrix(rows: 10, columns: 3, seed: 1))).write(to: folder.appendingPathComponent("x.npy"))
        let template = try TemplateParser().parse(source: source, path: "t.md")
        return try Planner(registry: .standard).plan(template, overrides: overrides, baseDirectory: folder)
    }

    /// "line:column message" of each diagnostic, with the hint.
    private func problems(_ source: String, overrides: [(String, String)] = []) -> [String] {
        do {
            _ = try plan(source, overrides: overrides)
            return []
        } catch {
            return error.diagnostics.map { d in
                (d.location.map { "\($0.line):\($0.column) " } ?? "") + d.message + (d.hint.map { " [\($0)]" } ?? "")
            }
        }
    }

    @Test func aValidTemplatePlansInDependencyOrder() throws {
        let plan = try plan(
            """
            ```{pca #p}
            input: feat
            ```

            ```{load #feat}
            path: x.npy
            ```
            """)
        #expect(plan.levels.map { $0.map { plan.steps[$0].id } } == [["feat"], ["p"]])
        #expect(plan.step("p")?.references.map(\.stepID) == ["feat"])
        #expect(plan.step("feat")?.files.first?.path == "x.npy")
    }

    @Test func unknownDirectiveSuggestsTheClosest() {
        #expect(problems("```{pcaa}\n```") == ["1:5 unknown directive `pcaa` [did you mean `pca`?]"])
    }

    @Test func unknownOptionSuggestsTheClosest() {
        #expect(problems("```{load}\npath: x.npy\nkinds: matrix\n```") == ["3:1 unknown option `kinds` for `load` [did you mean `kind`?]"])
    }

    @Test func wrongTypeAndOutOfRange() {
        let found = problems(
            """
            ```{load #f}
            path: x.npy
            ```
            ```{pca}
            input: f
            n_components: 0
            whiten: sometimes
            ```
            ```{table}
            input: f
            max_rows: many
            ```
            """)
        #expect(
            found == [
                "6:15 `n_components` must be integer in 1…∞, or number strictly between 0 and 1, got an integer `0`",
                "7:9 `whiten` must be true or false, got a string `sometimes`",
                "11:11 `max_rows` must be integer in 1…100000, got a string `many`",
            ])
    }

    @Test func unknownAndDuplicateIds() {
        let found = problems(
            """
            ```{load #feat}
            path: x.npy
            ```
            ```{load #feat}
            path: x.npy
            ```
            ```{pca}
            input: fet
            ```
            """)
        #expect(
            found == [
                "4:11 duplicate id `feat`; it is already used on line 1 [every block needs its own id]",
                "8:8 unknown id `fet` in `input` [did you mean `feat`?]",
            ])
    }

    @Test func dependencyCycles() {
        let found = problems(
            """
            ```{pca #a}
            input: b
            ```
            ```{pca #b}
            input: a
            ```
            """)
        #expect(found == ["2:8 dependency cycle: `a` → `b` → `a` [a step cannot use its own result, directly or through others]"])
    }

    @Test func missingInputFile() {
        let found = problems("```{load}\npath: missing.npy\n```")
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("2:7 input file `missing.npy` does not exist [paths are relative to the template's folder"))
    }

    @Test func missingRequiredOption() {
        #expect(
            problems("```{pca}\n```") == [
                "1:4 `pca` needs the option `input` (the matrix to analyse (items × features)) [add a line `input: …` (id of a matrix)]"
            ])
    }

    @Test func crossReferencesAndExpressionsAreChecked() {
        let found = problems(
            """
            See @fig-nope and {{ fet.rows }} and {{ feat.rows | fixd: 2 }} and {{ lenn(feat) }}.

            ```{load #feat}
            path: x.npy
            ```
            """)
        #expect(
            found == [
                "1:5 @fig-nope refers to no block with id `nope`",
                "1:22 unknown id `fet` in `{{ fet.rows }}` [did you mean `feat`?]",
                "1:53 unknown filter `fixd` [did you mean `fixed`?]",
                "1:71 unknown function `lenn` [did you mean `len`?]",
            ])
    }

    @Test func paramsAreTypedAndSubstituted() throws {
        let source = """
            ---
            params:
              file: x.npy
              k: 2
            ---
            ```{load #f}
            path: "{{ params.file }}"
            ```
            ```{pca #p}
            input: f
            n_components: "{{ params.k }}"
            ```
            """
        let planned = try plan(source, overrides: [("k", "3")])
        #expect(planned.step("p")?.options[PCADirective.components] == .count(3))
        #expect(problems(source, overrides: [("k", "three")]) == ["--param k=three: expected an integer, like the default 2"])
        #expect(problems(source, overrides: [("kk", "3")]) == ["--param kk: the template declares no parameter `kk` [did you mean `k`?]"])
    }

    @Test func exportPathsStayInsideTheReport() {
        let found = problems("```{load #f}\npath: x.npy\n```\n```{export}\ninput: f\npath: ../../etc/x.csv\n```")
        #expect(
            found == ["6:7 `path` = `../../etc/x.csv` must stay inside the report's data/ folder [use a plain file name such as `embedding.csv`]"])
    }
}
