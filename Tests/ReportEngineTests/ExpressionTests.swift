import Testing

@testable import ReportEngine

@Suite struct ExpressionTests {
    private let values: [String: Value] = [
        "pca": .record(
            Record([
                .init("ratio", .list([.double(0.61234), .double(0.2), .double(0.1)])),
                .init("n", .int(3)),
                .init("name", .string("PCA <1>")),
            ]))
    ]

    private func evaluate(_ text: String) throws -> Value {
        let origin = SourceLocation(file: "t.md", line: 1, column: 3)
        let inline = try ExpressionParser.parse(text, at: origin, braces: SourceLocation(file: "t.md", line: 1, column: 1))
        return try ExpressionEvaluator(values: values, params: .record(Record([.init("k", .int(5))])), directives: [:])
            .evaluate(inline)
    }

    @Test func pathsIndexingAndFilters() throws {
        #expect(try evaluate("pca.n") == .int(3))
        #expect(try evaluate("pca.ratio[0] | fixed: 3") == .string("0.612"))
        #expect(try evaluate("pca.ratio[-1] | percent: 1") == .string("10.0%"))
        #expect(try evaluate("pca.ratio[0] | percent") == .string("61%"))
        #expect(try evaluate("pca.ratio[0] * 100 | int") == .string("61"))
        #expect(try evaluate("params.k") == .int(5))
        #expect(try evaluate("pca.ratio | join: \" / \"") == .string("0.6123 / 0.2 / 0.1"))
        #expect(try evaluate("len(pca.ratio)") == .int(3))
        #expect(try evaluate("max(pca.ratio) | round: 2") == .double(0.61))
    }

    @Test func arithmeticComparisonAndConditionals() throws {
        #expect(try evaluate("1 + 2 * 3") == .int(7))
        #expect(try evaluate("(1 + 2) * 3") == .int(9))
        #expect(try evaluate("-pca.n + 1") == .int(-2))
        #expect(try evaluate("7 / 2") == .double(3.5))
        #expect(try evaluate("pca.ratio[0] > 0.5 ? \"most\" : \"some\"") == .string("most"))
        #expect(try evaluate("pca.n >= 3 && pca.n < 4") == .bool(true))
    }

    @Test func errorsNameTheFieldAndSuggest() {
        #expect {
            try evaluate("pca.rato[0]")
        } throws: { error in
            let d = error as! Diagnostic
            return d.message == "`pca` has no field `rato`; fields: ratio, n, name" && d.hint == "did you mean `ratio`?"
                && d.location?.column == 6
        }
        #expect(throws: Diagnostic.self) { try evaluate("pca.ratio[7]") }
        #expect(throws: Diagnostic.self) { try evaluate("pca.name | fixed: 2") }
        #expect(throws: Diagnostic.self) { try evaluate("1 / 0") }
    }

    @Test func syntaxErrorsPointIntoTheExpression() {
        #expect {
            try evaluate("pca.ratio[0")
        } throws: { error in
            let d = error as! Diagnostic
            return d.message.contains("expected `]`") && d.location?.column == 14
        }
    }

    @Test func markdownEscapingNeutralisesDataValues() {
        #expect(MarkdownText.escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;")
        #expect(MarkdownText.escape("a_b*c [d](e) | f") == "a\\_b\\*c \\[d\\](e) \\| f")
    }
}
