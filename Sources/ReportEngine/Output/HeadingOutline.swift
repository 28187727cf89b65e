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

    /// `html` with ids and self-links on its section headings, and the headings in order. A heading is
    /// `<h2>…</h2>` or `<h3>…</h3>` on one line, as cmark writes it. Scans bytes: the page holds every
    /// figure as base64 text, and a regular expression over those megabytes took a third of a warm render.
    static func process(_ html: String) -> (html: String, entries: [Entry]) {
        var entries = [Entry]()
        var used = Set<String>()
        let bytes = Array(html.utf8)
        var result = [UInt8]()
        result.reserveCapacity(bytes.count + 4096)
        var copied = 0
        var i = 0
        while let open = nextHeading(in: bytes, from: i) {
            let level = Int(bytes[open + 2] - UInt8(ascii: "0"))
            let innerStart = open + 4
            guard let close = closing(level: level, in: bytes, from: innerStart) else {
                i = innerStart
                continue
            }
            let inner = String(decoding: bytes[innerStart..<close], as: UTF8.self)
            let base = "sec-" + slug(plainText(inner))
            var id = base
            var n = 2
            while used.contains(id) {
                id = "\(base)-\(n)"
                n += 1
            }
            used.insert(id)
            entries.append(Entry(level: level, id: id, html: inner))
            result.append(contentsOf: bytes[copied..<open])
            result.append(
                contentsOf:
                    "<h\(level) id=\"\(id)\">\(inner) <a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a></h\(level)>".utf8)
            copied = close + 5
            i = copied
        }
        result.append(contentsOf: bytes[copied...])
        return (String(decoding: result, as: UTF8.self), entries)
    }

    /// The index of the next `<h2>` or `<h3>` at or after `start`.
    private static func nextHeading(in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + 4 <= bytes.count {
            if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "h"),
                bytes[i + 2] == UInt8(ascii: "2") || bytes[i + 2] == UInt8(ascii: "3"),
                bytes[i + 3] == UInt8(ascii: ">")
            {
                return i
            }
            i += 1
        }
        return nil
    }

    /// The index of the first `</hN>` after `start` on the same line.
    private static func closing(level: Int, in bytes: [UInt8], from start: Int) -> Int? {
        let digit = UInt8(ascii: "0") + UInt8(level)
        var i = start
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
            if i + 5 <= bytes.count, bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "/"), bytes[i + 2] == UInt8(ascii: "h"),
                bytes[i + 3] == digit, bytes[i + 4] == UInt8(ascii: ">")
            {
                return i
            }
            i += 1
        }
        return nil
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
                if open {
                    html += "</ol></li>\n"
                    open = false
                } else if index > 0 {
                    html += "</li>\n"
                }
                html += "<li>" + link
            } else {
                if !open {
                    html += "\n<ol>\n"
                    open = true
                }
                html += "<li>" + link + "</li>\n"
            }
        }
        html += open ? "</ol></li>\n" : "</li>\n"
        return html + "</ol>"
    }

    /// Lowercase letters and digits, words joined by `-`.
    static func slug(_ text: String) -> String {
        var words = [String]()
        var word = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
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
