/// Tokens of the inline expression language.
struct Token: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        case symbol(String)  // . [ ] ( ) , : | ? and operators
        case end
    }
    let kind: Kind
    /// Offset in characters from the start of the expression text.
    let offset: Int
}

/// Splits the text between `{{` and `}}` into tokens.
struct ExpressionLexer {
    struct Failure: Error {
        let message: String
        let offset: Int
    }

    private static let twoCharacterSymbols: Set<String> = ["<=", ">=", "==", "!=", "&&", "||"]
    private static let oneCharacterSymbols: Set<Character> = [
        ".", "[", "]", "(", ")", ",", ":", "|", "?",
        "+", "-", "*", "/", "<", ">", "!",
    ]

    func tokens(_ text: String) throws(Failure) -> [Token] {
        let chars = Array(text)
        var tokens = [Token]()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
                continue
            }
            let start = i
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "_" { i += 1 }
                if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                    var j = i + 1
                    if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                    if j < chars.count, chars[j].isNumber {
                        i = j
                        while i < chars.count, chars[i].isNumber { i += 1 }
                    }
                }
                let literal = String(chars[start..<i]).replacingOccurrences(of: "_", with: "")
                guard let value = Double(literal) else { throw Failure(message: "`\(literal)` is not a number", offset: start) }
                tokens.append(Token(kind: .number(value), offset: start))
            } else if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                tokens.append(Token(kind: .identifier(String(chars[start..<i])), offset: start))
            } else if c == "\"" || c == "'" {
                i += 1
                var value = ""
                while i < chars.count, chars[i] != c {
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    value.append(chars[i])
                    i += 1
                }
                guard i < chars.count else { throw Failure(message: "the string is not closed", offset: start) }
                i += 1
                tokens.append(Token(kind: .string(value), offset: start))
            } else if i + 1 < chars.count, Self.twoCharacterSymbols.contains(String(chars[i...(i + 1)])) {
                tokens.append(Token(kind: .symbol(String(chars[i...(i + 1)])), offset: start))
                i += 2
            } else if Self.oneCharacterSymbols.contains(c) {
                tokens.append(Token(kind: .symbol(String(c)), offset: start))
                i += 1
            } else {
                throw Failure(message: "unexpected character `\(c)`", offset: start)
            }
        }
        tokens.append(Token(kind: .end, offset: chars.count))
        return tokens
    }
}
