/// Finds `{{ … }}` expressions and `@fig-`/`@tbl-` cross-references in Markdown text, leaving code
/// (code blocks, and code spans delimited by equal backtick runs) untouched.
struct InlineScanner {
    let file: String
    /// Template lines inside code blocks: copied verbatim.
    let codeLines: Set<Int>

    func scan(_ text: String, firstLine: Int) -> (pieces: [InlinePiece], diagnostics: [Diagnostic]) {
        var pieces = [InlinePiece]()
        var diagnostics = [Diagnostic]()
        var literal = ""
        func flush() {
            if !literal.isEmpty {
                pieces.append(.literal(literal))
                literal = ""
            }
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        var lineIndex = 0
        var column = 0
        while lineIndex < lines.count {
            let line = lines[lineIndex]
            let lineNumber = firstLine + lineIndex
            func location(_ col: Int) -> SourceLocation { SourceLocation(file: file, line: lineNumber, column: col + 1) }
            if codeLines.contains(lineNumber) || column >= line.count {
                if codeLines.contains(lineNumber) { literal += String(line[column...]) }
                if lineIndex < lines.count - 1 { literal += "\n" }
                lineIndex += 1
                column = 0
                continue
            }
            let c = line[column]
            if c == "\\", column + 1 < line.count {
                literal += String(line[column...(column + 1)])
                column += 2
            } else if c == "`" {
                let span = codeSpan(lines, line: lineIndex, column: column, firstLine: firstLine)
                literal += span.text
                (lineIndex, column) = (span.endLine, span.endColumn)
            } else if c == "{", column + 1 < line.count, line[column + 1] == "{" {
                guard let close = closingBraces(line, from: column + 2) else {
                    diagnostics.append(
                        Diagnostic(
                            "`{{` is not closed by `}}` on the same line", at: location(column),
                            hint: "close the expression, or write `\\{{` for literal braces"))
                    literal += "{{"
                    column += 2
                    continue
                }
                flush()
                let inner = String(line[(column + 2)..<close])
                do {
                    let parsed = try ExpressionParser.parse(inner, at: location(column + 2), braces: location(column))
                    pieces.append(.expression(parsed))
                } catch {
                    diagnostics.append(error)
                }
                column = close + 2
            } else if c == "@", let reference = crossReference(line, at: column, location: location(column)) {
                flush()
                pieces.append(.crossReference(reference))
                column += 1 + reference.kind.rawValue.count + 1 + reference.id.count
            } else {
                literal.append(c)
                column += 1
            }
        }
        flush()
        return (pieces, diagnostics)
    }

    private func closingBraces(_ line: [Character], from start: Int) -> Int? {
        var i = start
        while i + 1 < line.count {
            if line[i] == "}" && line[i + 1] == "}" { return i }
            i += 1
        }
        return nil
    }

    /// A code span starting at a backtick run: up to the next run of the same length within the paragraph.
    private func codeSpan(
        _ lines: [[Character]], line: Int, column: Int,
        firstLine: Int
    ) -> (text: String, endLine: Int, endColumn: Int) {
        var runLength = 0
        while column + runLength < lines[line].count, lines[line][column + runLength] == "`" { runLength += 1 }
        var (l, c) = (line, column + runLength)
        var text = String(repeating: "`", count: runLength)
        while l < lines.count {
            let current = lines[l]
            if l > line && (current.allSatisfy(\.isWhitespace) || codeLines.contains(firstLine + l)) { break }
            while c < current.count {
                if current[c] == "`" {
                    var run = 0
                    while c + run < current.count, current[c + run] == "`" { run += 1 }
                    text += String(repeating: "`", count: run)
                    c += run
                    if run == runLength { return (text, l, c) }
                } else {
                    text.append(current[c])
                    c += 1
                }
            }
            text += "\n"
            (l, c) = (l + 1, 0)
        }
        // No closing run: the backticks are literal text.
        return (String(repeating: "`", count: runLength), line, column + runLength)
    }

    private func crossReference(_ line: [Character], at column: Int, location: SourceLocation) -> CrossReference? {
        if column > 0, line[column - 1].isLetter || line[column - 1].isNumber || line[column - 1] == "_" { return nil }
        let rest = line[(column + 1)...]
        for kind in [CrossReference.Kind.figure, .table] {
            let prefix = Array(kind.rawValue + "-")
            guard rest.starts(with: prefix) else { continue }
            var id = String(rest.dropFirst(prefix.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
            while id.hasSuffix("-") { id.removeLast() }
            guard !id.isEmpty else { return nil }
            return CrossReference(kind: kind, id: id, location: location)
        }
        return nil
    }
}
