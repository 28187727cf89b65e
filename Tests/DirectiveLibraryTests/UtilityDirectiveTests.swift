import Analysis
import Foundation
import LinearAlgebra
import ReportTestSupport
import TestSupport
import Testing

@testable import DirectiveLibrary
@testable import ReportEngine

/// The `utility` directive in templates: a held-out pair's scores are the Analysis module's classifier's
/// (checked there against scikit-learn), a set both trained and tested on is cross-validated, and bad
/// labels are refused naming the set or the label.
@Suite struct UtilityDirectiveTests {
    /// Two sets of 4 features whose class shifts the first two; set b's shift is weaker (a worse generator).
    static func set(_ prefix: String, rows: Int, shift: Float, seed: UInt64) -> (Matrix, [String]) {
        var x = TestData.randomMatrix(rows: rows, columns: 4, seed: seed)
        let classes = (0..<rows).map { $0 % 3 == 0 ? "OA" : "healthy" }
        var storage = x.storage
        for r in 0..<rows where classes[r] == "OA" {
            storage[r * 4] += shift
            storage[r * 4 + 1] += shift
        }
        x = Matrix(rows: rows, columns: 4, storage: storage)
        return (x, classes)
    }

    static let a = set("a", rows: 60, shift: 1.2, seed: 11)
    static let b = set("b", rows: 45, shift: 0.5, seed: 12)

    static func workspace(_ name: String, labels: String? = nil) throws -> Workspace {
        let folder = try Workspace(name)
        try folder.write("a.csv", FidelityDirectiveTests.csv(a.0, prefix: "a"))
        try folder.write("b.csv", FidelityDirectiveTests.csv(b.0, prefix: "b"))
        let rows = a.1.enumerated().map { "a\($0),\($1)" } + b.1.enumerated().map { "b\($0),\($1)" }
        try folder.write("labels.csv", labels ?? ("id,group\n" + rows.joined(separator: "\n") + "\n"))
        return folder
    }

    static let loads =
        "```{load #a}\npath: a.csv\nids: id\n```\n\n```{load #b}\npath: b.csv\nids: id\n```\n\n"
        + "```{load #group}\npath: labels.csv\nids: id\ncolumn: group\n```\n\n"

    /// The classifier trained on all of `b`, its predictions on `a`.
    static func heldOutScores() throws -> ClassificationScores {
        let classIndex = ["OA": 0, "healthy": 1]
        let (train, test) = (FeatureRows(b.0), FeatureRows(a.0))
        let scaler = StandardScaler(fitting: train)
        let fitted = try LogisticRegression().fit(scaler.transform(train), labels: b.1.map { classIndex[$0]! }, classCount: 2)
        return ClassificationScores(truth: a.1.map { classIndex[$0]! }, predicted: fitted.predict(scaler.transform(test)), classCount: 2)
    }

    @Test func heldOutAndCrossValidatedScores() throws {
        let folder = try Self.workspace("litmus-utility")
        try folder.write(
            Self.loads + """
                ```{utility #u}
                label: group
                train: [a, b]
                test: [a, b]
                folds: 3
                ```

                TSTR {{ u.accuracy("b", "a") | fixed: 6 }} / {{ u.balanced_accuracy("b", "a") | fixed: 6 }}; TRTR {{ u.accuracy("a", "a") | fixed: 3 }};
                rows {{ u.scores.rows }}; splits {{ u.scores.split | join: ", " }}; classes {{ u.classes | join: ", " }}; none {{ u.accuracy("a", "c") | default: "none" }}.
                """)
        let text = try folder.renderReadme()
        let expected = try Self.heldOutScores()
        #expect(
            text.contains(
                "TSTR \(ValueFormatter.fixed(expected.accuracy, decimals: 6)) / \(ValueFormatter.fixed(expected.balancedAccuracy, decimals: 6));"),
            "\(text)")
        #expect(text.contains("rows 4; splits 3-fold, held out, held out, 3-fold; classes OA, healthy; none none."), "\(text)")
        #expect(text.contains("| recall OA |") && text.contains("| balanced\\_accuracy |"), "\(text)")
        // The well-separated set classifies itself well under cross-validation.
        let trtr = try #require(text.firstMatch(of: /TRTR ([0-9.]+);/))
        #expect(Double(trtr.1)! > 0.8, "\(text)")
    }

    @Test func badLabelsAreRefusedNamingTheSetOrTheLabel() throws {
        let oneClass =
            "id,group\n" + (0..<60).map { "a\($0),\(Self.a.1[$0])" }.joined(separator: "\n") + "\n"
            + (0..<45).map { "b\($0),healthy" }.joined(separator: "\n") + "\n"
        let folder = try Self.workspace("litmus-utility-one-class", labels: oneClass)
        try folder.write(Self.loads + "```{utility #u}\nlabel: group\ntrain: [b]\ntest: [a]\n```\n")
        #expect { try folder.renderReadme() } throws: {
            String(describing: $0).contains("every training item of `b` has the label `healthy`; a classifier needs items of at least two classes")
        }
        let partial = "id,group\n" + (0..<60).map { "a\($0),\(Self.a.1[$0])" }.joined(separator: "\n") + "\n"
        let missing = try Self.workspace("litmus-utility-missing", labels: partial)
        try missing.write(Self.loads + "```{utility #u}\nlabel: group\ntrain: [a]\ntest: [b]\n```\n")
        #expect { try missing.renderReadme() } throws: {
            String(describing: $0).contains("the label `group` has no value for 45 of the 45 items of `b` (e.g. `b0`)")
        }
    }
}
