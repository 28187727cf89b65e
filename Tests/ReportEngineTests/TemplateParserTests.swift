import Testing

@testable import ReportEngine

@Suite struct TemplateParserTests {
    private func parse(_ source: String) throws -> Template {
        try TemplateParser().parse(source: source, path: "t.md")
    }

    private func diagnostics(_ source: String) -> [Diagnostic] {
        do {
            _ = try TemplateParser().parse(source: source, path: "t.md")
            return []
        } catch { return error.diagnostics }
    }

    @Test func readsFrontMatterAndDirectivesWithPositions() throws {
        let template = try parse(
            """
            ---
            title: Report
            seed: 3
            params:
              k: 4
            ---
            Intro {{ params.k }}.

            ```{pca #p}
            input: feat
            n_components: 2
            ```

            ```{pca}
            input: feat
            ```
            """)
        #expect(template.frontMatter.title == "Report")
        #expect(template.frontMatter.seed == 3)
        #expect(template.frontMatter.params.map(\.key) == ["k"])
        let blocks = template.directives
        #expect(blocks.map(\.id) == ["p", "pca-2"])
        #expect(blocks[0].location == SourceLocation(file: "t.md", line: 9, column: 4))
        #expect(blocks[0].explicitID?.location.column == 10)
        let option = try #require(blocks[0].option("n_components"))
        #expect(option.keyLocation == SourceLocation(file: "t.md", line: 11, column: 1))
        #expect(option.value.value == .int(2))
        #expect(option.value.location == SourceLocation(file: "t.md", line: 11, column: 15))
    }

    /// Old Mac line endings (a lone CR) count as line breaks, as cmark counts them: the fuzzer found a
    /// template whose directive cmark placed beyond the last line Litmus had split.
    @Test func loneCarriageReturnsEndLines() throws {
        let template = try parse("Intro {{ a.b }}.\r\r```{pca #p}\rinput: feat\r```\rEnd.\r\n")
        #expect(template.directives.map(\.id) == ["p"])
        #expect(template.directives[0].location == SourceLocation(file: "t.md", line: 3, column: 4))
        #expect(template.directives[0].option("input")?.keyLocation == SourceLocation(file: "t.md", line: 4, column: 1))
        #expect(diagnostics("\r\u{1d}\r>\u{f2})..0.\0`\n````'p\0`\n```{{{{{{{{{{{{{{{{{L$\u{0b}\u{0c}e").count > 0)
        // A CR followed by a combining mark is still a line end (Foundation's search missed it).
        let combining = try parse("Intro.\r\u{65F}\r```{pca #q}\rinput: feat\r```\r")
        #expect(combining.directives.first?.location == SourceLocation(file: "t.md", line: 3, column: 4))
        #expect(diagnostics("{{ 1 }}\r\u{65F}\0]\n```\r\u{65F}\0]\n```{{DJ\u{12}\0( }}}\r\u{65F}\0]\n```\r\u{65F}\0]\n```{{DJ\0( }}\n").count > 0)
    }

    @Test func leavesCodeAloneButFindsExpressionsAndReferences() throws {
        let template = try parse(
            """
            Value {{ a.b | fixed: 2 }} and `{{ not.this }}` and ``a ` {{ nor.this }}``, see @fig-umap2.

            ```python
            print("{{ not.in.code }}")
            ```

                {{ indented.code }}

            Mail me at someone@fig-example.org; \\{{ literal }}
            """)
        #expect(template.inlineExpressions.map(\.source) == ["a.b | fixed: 2"])
        #expect(template.crossReferences.map(\.id) == ["umap2"])
        #expect(template.crossReferences.first?.location == SourceLocation(file: "t.md", line: 1, column: 81))
    }

    @Test func findsDirectivesInsideListItems() throws {
        let template = try parse(
            """
            - item

              ```{load #x}
              path: a.npy
              ```
            """)
        let block = try #require(template.directives.first)
        #expect(block.id == "x")
        #expect(block.option("path")?.value.location == SourceLocation(file: "t.md", line: 4, column: 9))
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let found = diagnostics(
            """
            ---
            title: x
            seeed: 2
            ---
            {{ a. }}

            ```{pca #1bad}
            ```

            ```{pca}
            input: [unclosed
            ```

            ```{umap}
            n: 1
            """)
        let messages = found.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        #expect(messages.count == 5, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("3:1 unknown front-matter field `seeed`") })
        #expect(found.first { $0.message.contains("seeed") }?.hint == "did you mean `seed`?")
        #expect(messages.contains { $0.hasPrefix("5:7 in expression `a.`: expected a field name") })
        #expect(messages.contains { $0.hasPrefix("7:10 an id must start with a letter") })
        #expect(messages.contains { $0.hasPrefix("12:1 YAML syntax error") || $0.hasPrefix("11:") })
        #expect(messages.contains { $0.hasPrefix("14:4 the directive block `umap` is not closed") })
    }

    @Test func excerptsUnderlineTheProblem() {
        let found = diagnostics("---\nseeed: 1\n---\n")
        let text = found.first?.description ?? ""
        #expect(
            text == """
                t.md:2:1: error: unknown front-matter field `seeed`
                  hint: did you mean `seed`?
                  seeed: 1
                  ^~~~~
                """)
    }
}
