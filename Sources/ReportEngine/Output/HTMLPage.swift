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
    /// One pass over the bytes: a regular expression over the page's megabytes of base64 figures took a
    /// fifth of a warm render.
    static func withoutAlignAttributes(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var result = [UInt8]()
        result.reserveCapacity(bytes.count)
        var i = 0
        var copied = 0
        let alignments = ["left", "center", "right"].map { Array("\($0)\">".utf8) }
        let attribute = Array(" align=\"".utf8)
        while i + 4 < bytes.count {
            // `<th` or `<td`, then ` align="left">` (or center, right).
            guard bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "t"),
                bytes[i + 2] == UInt8(ascii: "h") || bytes[i + 2] == UInt8(ascii: "d"),
                bytes[(i + 3)...].starts(with: attribute)
            else {
                i += 1
                continue
            }
            let valueStart = i + 3 + attribute.count
            guard let value = alignments.first(where: { bytes[valueStart...].starts(with: $0) }) else {
                i += 1
                continue
            }
            result.append(contentsOf: bytes[copied..<(i + 3)])
            result.append(contentsOf: " style=\"text-align: ".utf8)
            result.append(contentsOf: value)
            i = valueStart + value.count
            copied = i
        }
        result.append(contentsOf: bytes[copied...])
        return String(decoding: result, as: UTF8.self)
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
