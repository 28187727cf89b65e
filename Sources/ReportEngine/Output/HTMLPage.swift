import CCmark
import Foundation
import Mustache

/// The self-contained HTML page: Markdown through cmark-gfm (tables, strikethrough, autolinks),
/// laid out by a Mustache page template with the CSS inline.
struct HTMLPage {
    let frontMatter: FrontMatter
    /// Shown when the front matter has no title.
    let fallbackTitle: String

    func render(markdown: String) throws -> String {
        let template = try MustacheTemplate(string: PageLayout.template)
        let (body, sections) = HeadingOutline.process(Self.withoutAlignAttributes(Self.html(markdown)))
        var context: [String: Any] = [
            "title": frontMatter.title ?? fallbackTitle,
            "style": PageLayout.style,
            "body": body,
        ]
        let contents = HeadingOutline.tableOfContents(sections)
        if !contents.isEmpty { context["contents"] = contents }
        // Absent keys render their sections not at all (an empty string would still open them).
        context["subtitle"] = frontMatter.subtitle
        context["author"] = frontMatter.author
        context["date"] = frontMatter.date
        return template.render(context)
    }

    /// cmark-gfm's HTML for a whole document. Raw HTML passes through: figures and table captions are
    /// written as HTML by Litmus, and every data value in them has been escaped already.
    static func html(_ markdown: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_UNSAFE | CMARK_OPT_SMART
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        cmark_parser_feed(parser, markdown, markdown.utf8.count)
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// cmark-gfm aligns table cells with the `align` attribute, which HTML5 made obsolete: the same as CSS.
    static func withoutAlignAttributes(_ html: String) -> String {
        html.replacing(/<(th|td) align="(left|center|right)">/) { match in
            "<\(match.output.1) style=\"text-align: \(match.output.2)\">"
        }
    }

    /// One line of Markdown as inline HTML (no surrounding paragraph).
    static func inline(_ markdown: String) -> String {
        var html = Self.html(markdown).trimmingCharacters(in: .whitespacesAndNewlines)
        if html.hasPrefix("<p>") && html.hasSuffix("</p>") { html = String(html.dropFirst(3).dropLast(4)) }
        return html.replacingOccurrences(of: "\n", with: " ")
    }

    /// Markdown reduced to its text (for alt attributes).
    static func plainText(_ markdown: String) -> String {
        guard let document = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT) else { return markdown }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_plaintext(document, CMARK_OPT_DEFAULT, 0) else { return markdown }
        defer { free(rendered) }
        return String(cString: rendered).trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ")
    }
}
