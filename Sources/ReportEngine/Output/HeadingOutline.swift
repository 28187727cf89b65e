import Foundation

/// The report's sections: gives every `<h2>` and `<h3>` of the page an id and a link to itself, and
/// lists them for the table of contents.
struct HeadingOutline {
    struct Entry: Equatable {
        let level: Int
        let id: String
        /// The heading's inner HTML (already escaped by cmark).
        let html: String
    }

    /// `html` with ids and self-links on its section headings, and the headings in order.
    static func process(_ html: String) -> (html: String, entries: [Entry]) {
        var entries = [Entry]()
        var used = Set<String>()
        let pattern = /<h([23])>(.*?)<\/h\1>/
        let result = html.replacing(pattern) { match in
            let level = Int(match.output.1)!
            let inner = String(match.output.2)
            let base = "sec-" + slug(plainText(inner))
            var id = base, n = 2
            while used.contains(id) { id = "\(base)-\(n)"; n += 1 }
            used.insert(id)
            entries.append(Entry(level: level, id: id, html: inner))
            return "<h\(level) id=\"\(id)\">\(inner) <a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a></h\(level)>"
        }
        return (result, entries)
    }

    /// Nested lists of links: h3 entries under the h2 before them. Empty when there are fewer than two
    /// sections (a contents list of one entry helps nobody).
    static func tableOfContents(_ entries: [Entry]) -> String {
        guard entries.count >= 2 else { return "" }
        var html = "<ol>\n"
        var open = false  // an <ol> of h3 entries is open
        for (index, entry) in entries.enumerated() {
            let link = "<a href=\"#\(entry.id)\">\(stripAnchors(entry.html))</a>"
            if entry.level == 2 || index == 0 {
                if open { html += "</ol></li>\n"; open = false } else if index > 0 { html += "</li>\n" }
                html += "<li>" + link
            } else {
                if !open { html += "\n<ol>\n"; open = true }
                html += "<li>" + link + "</li>\n"
            }
        }
        html += open ? "</ol></li>\n" : "</li>\n"
        return html + "</ol>"
    }

    /// Lowercase letters and digits, words joined by `-`.
    static func slug(_ text: String) -> String {
        var words = [String](), word = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber { word.append(character) } else if !word.isEmpty { words.append(word); word = "" }
        }
        if !word.isEmpty { words.append(word) }
        return words.isEmpty ? "section" : words.joined(separator: "-")
    }

    /// Text of an HTML fragment: tags dropped, the entities cmark writes decoded.
    static func plainText(_ html: String) -> String {
        html.replacing(/<[^>]*>/, with: "")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Links inside a heading would nest inside the contents link, which HTML forbids.
    private static func stripAnchors(_ html: String) -> String {
        html.replacing(/<a [^>]*>/, with: "").replacingOccurrences(of: "</a>", with: "")
    }
}
