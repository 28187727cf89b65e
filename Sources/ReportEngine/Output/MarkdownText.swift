/// Escaping of values placed into Markdown, so data (labels, file names, parameters) always reads as text.
public enum MarkdownText {
    /// Escapes Markdown punctuation and HTML so the text renders literally in cmark-gfm and on GitHub.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!", "$":
                out.append("\\")
                out.append(c)
            case "\n", "\r": out.append(" ")
            default: out.append(c)
            }
        }
        return out
    }

    /// Escapes text for HTML attributes and element content.
    public static func html(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
