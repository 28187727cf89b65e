/// The info string of a directive fence: `{name}` or `{name #id}`.
struct DirectiveHeader {
    let name: String
    let nameColumnOffset: Int
    let id: String?
    let idColumnOffset: Int

    /// Whether an info string is meant as a directive at all (starts with `{`).
    static func isDirective(_ info: String) -> Bool { info.first == "{" }

    /// - Returns: the header, or a message saying what is wrong with it.
    static func parse(_ info: String) -> Result<DirectiveHeader, HeaderError> {
        let chars = Array(info.trimmingTrailingSpaces)
        guard chars.first == "{", chars.last == "}" else {
            return .failure(HeaderError("a directive header must look like `{name}` or `{name #id}`", offset: 0))
        }
        var i = 1
        func skipSpaces() { while i < chars.count - 1, chars[i] == " " || chars[i] == "\t" { i += 1 } }
        func word(allowDash: Bool) -> String {
            let start = i
            while i < chars.count - 1, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || (allowDash && chars[i] == "-") {
                i += 1
            }
            return String(chars[start..<i])
        }
        skipSpaces()
        let nameOffset = i
        let name = word(allowDash: false)
        guard let first = name.first, first.isLetter else {
            return .failure(HeaderError("a directive needs a name, e.g. `{pca}`", offset: nameOffset))
        }
        skipSpaces()
        var id: String?
        var idOffset = 0
        if i < chars.count - 1, chars[i] == "#" {
            i += 1
            idOffset = i
            let text = word(allowDash: true)
            guard let f = text.first, f.isLetter else {
                return .failure(HeaderError("an id must start with a letter and use letters, digits, `_` or `-`", offset: idOffset))
            }
            id = text
            skipSpaces()
        }
        guard i == chars.count - 1 else {
            return .failure(
                HeaderError(
                    "unexpected `\(String(chars[i..<(chars.count - 1)]))` in the directive header; options go in the block body as YAML", offset: i))
        }
        return .success(DirectiveHeader(name: name, nameColumnOffset: nameOffset, id: id, idColumnOffset: idOffset))
    }

    struct HeaderError: Error {
        let message: String
        let offset: Int
        init(_ message: String, offset: Int) { (self.message, self.offset) = (message, offset) }
    }
}

private extension String {
    var trimmingTrailingSpaces: Substring {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
