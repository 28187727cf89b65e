import Testing

@testable import ReportEngine

@Suite struct HeadingOutlineTests {
    @Test func idsAreUniqueSlugsAndH3NestUnderH2() {
        let html = "<h2>Results</h2>\n<h3>By <code>KL</code> grade &amp; source</h3>\n<h3>Größe 2</h3>\n<h2>Results</h2>\n<h4>Not listed</h4>"
        let (body, entries) = HeadingOutline.process(html)
        #expect(entries.map(\.id) == ["sec-results", "sec-by-kl-grade-source", "sec-größe-2", "sec-results-2"])
        #expect(entries.map(\.level) == [2, 3, 3, 2])
        #expect(body.contains("<h3 id=\"sec-by-kl-grade-source\">By <code>KL</code> grade &amp; source <a class=\"anchor\""))
        #expect(body.contains("<h4>Not listed</h4>"))
        #expect(
            HeadingOutline.tableOfContents(entries) == """
                <ol>
                <li><a href="#sec-results">Results</a>
                <ol>
                <li><a href="#sec-by-kl-grade-source">By <code>KL</code> grade &amp; source</a></li>
                <li><a href="#sec-größe-2">Größe 2</a></li>
                </ol></li>
                <li><a href="#sec-results-2">Results</a></li>
                </ol>
                """)
    }

    /// An outside list marker hangs in the list's padding, and "10." did not fit in it (Chromium showed
    /// "0."): the page numbers the contents in a grid column of their own, as wide as the widest number.
    @Test func contentsNumbersHaveAColumnAsWideAsTheWidestNumber() throws {
        let markdown = (1...12).map { "## Section \($0)\n\nText.\n" }.joined(separator: "\n")
        let page = try HTMLPage(frontMatter: FrontMatter(title: "Twelve sections"), fallbackTitle: "t").render(markdown: markdown)
        #expect(page.contains("<li><a href=\"#sec-section-10\">Section 10</a></li>"))
        #expect(page.contains("nav.toc ol { list-style: none; counter-reset: toc; padding-left: 0;"), "no marker outside the padding")
        #expect(page.contains("display: grid; grid-template-columns: max-content minmax(0, 1fr);"), "the numbers' column fits the widest")
        #expect(page.contains("grid-template-columns: subgrid;"), "every entry shares its list's columns")
        #expect(page.contains("nav.toc li { counter-increment: toc;") && page.contains("nav.toc li::before { content: counter(toc) \".\";"))
        #expect(page.contains("nav.toc li > ol { grid-column: 2; }"), "sections' subsections indented under their text")
    }

    @Test func fewerThanTwoSectionsGetNoContents() {
        #expect(HeadingOutline.tableOfContents(HeadingOutline.process("<h2>Only</h2>").entries) == "")
        #expect(HeadingOutline.slug("?!") == "section")
    }
}
