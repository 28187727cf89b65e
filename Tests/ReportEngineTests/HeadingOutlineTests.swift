@testable import ReportEngine
import Testing

@Suite struct HeadingOutlineTests {
    @Test func idsAreUniqueSlugsAndH3NestUnderH2() {
        let html = "<h2>Results</h2>\n<h3>By <code>KL</code> grade &amp; source</h3>\n<h3>Größe 2</h3>\n<h2>Results</h2>\n<h4>Not listed</h4>"
        let (body, entries) = HeadingOutline.process(html)
        #expect(entries.map(\.id) == ["sec-results", "sec-by-kl-grade-source", "sec-größe-2", "sec-results-2"])
        #expect(entries.map(\.level) == [2, 3, 3, 2])
        #expect(body.contains("<h3 id=\"sec-by-kl-grade-source\">By <code>KL</code> grade &amp; source <a class=\"anchor\""))
        #expect(body.contains("<h4>Not listed</h4>"))
        #expect(HeadingOutline.tableOfContents(entries) == """
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

    @Test func fewerThanTwoSectionsGetNoContents() {
        #expect(HeadingOutline.tableOfContents(HeadingOutline.process("<h2>Only</h2>").entries) == "")
        #expect(HeadingOutline.slug("?!") == "section")
    }
}
