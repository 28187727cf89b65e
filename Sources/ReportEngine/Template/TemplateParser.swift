import CCmark

/// Splits a template into front matter, Markdown text and directive blocks.
///
/// cmark-gfm finds the fenced code blocks (so a directive inside a list or a quote is found the way
/// CommonMark sees it); only blocks whose info string starts with `{` are directives.
public struct TemplateParser: Sendable {
    public init() {}

    public func parse(source rawSource: String, path: String) throws(DiagnosticList) -> Template {
        let source = Self.normalizingLineEndings(rawSource)
        var lines = Self.lines(source)
        var diagnostics = [Diagnostic]()

        let (frontMatterRoot, bodyStart) = frontMatter(lines, path: path, diagnostics: &diagnostics)
        let frontMatter = FrontMatter(frontMatterRoot, diagnostics: &diagnostics)
        // Blank out the front matter so cmark's line numbers are template line numbers.
        for i in 0..<(bodyStart - 1) { lines[i] = "" }

        let (fences, codeLines) = FencedBlockScanner().scan(lines.joined(separator: "\n"))
        let inline = InlineScanner(file: path, codeLines: codeLines)
        func textSegment(_ text: String, line: Int) -> Template.Segment {
            let (pieces, problems) = inline.scan(text, firstLine: line)
            diagnostics += problems
            return .text(pieces, line: line)
        }
        var segments = [Template.Segment]()
        var nextTextLine = bodyStart
        var counts = [String: Int]()
        for fence in fences where DirectiveHeader.isDirective(fence.info) {
            if fence.startLine > nextTextLine {
                segments.append(
                    textSegment(
                        lines[(nextTextLine - 1)..<(fence.startLine - 1)].joined(separator: "\n"),
                        line: nextTextLine))
            }
            nextTextLine = fence.endLine + 1
            if let block = directive(fence, lines: lines, path: path, counts: &counts, diagnostics: &diagnostics) {
                segments.append(.directive(block))
            }
        }
        if nextTextLine <= lines.count {
            segments.append(textSegment(lines[(nextTextLine - 1)...].joined(separator: "\n"), line: nextTextLine))
        }
        let template = Template(path: path, source: source, frontMatter: frontMatter, segments: segments)
        guard diagnostics.isEmpty else { throw DiagnosticList(diagnostics.map { template.withExcerpt($0) }) }
        return template
    }

    /// Every line ending cmark knows (CRLF, and a lone CR) becomes LF, so our line numbers are its line
    /// numbers. Done on Unicode scalars: Foundation's string search treats a CR followed by a combining
    /// mark as one character and left it in place (both found by fuzzing: a directive ended up past the
    /// last line Litmus had split).
    static func normalizingLineEndings(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            scalars.append(afterCR ? "\n" : scalar)
        }
        return String(scalars)
    }

    /// Lines split at LF scalars (not characters, for the same reason).
    static func lines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }

    /// The front matter's YAML (if the template starts with `---`) and the first line after it.
    private func frontMatter(
        _ lines: [String], path: String,
        diagnostics: inout [Diagnostic]
    ) -> (Located<OptionValue>?, Int) {
        guard lines.first?.trimmingTrailingWhitespace == "---" else { return (nil, 1) }
        guard let close = lines.dropFirst().firstIndex(where: { ["---", "..."].contains($0.trimmingTrailingWhitespace) }) else {
            diagnostics.append(
                Diagnostic(
                    "the front matter is not closed", at: SourceLocation(file: path, line: 1, column: 1),
                    hint: "end it with a line `---`"))
            return (nil, lines.count + 1)
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        do {
            return (try YAMLReader(file: path, firstLine: 2, indent: 0).parse(yaml), close + 2)
        } catch {
            diagnostics.append(error)
            return (nil, close + 2)
        }
    }

    private func directive(
        _ fence: FencedBlock, lines: [String], path: String, counts: inout [String: Int],
        diagnostics: inout [Diagnostic]
    ) -> DirectiveBlock? {
        let fenceLine = lines[fence.startLine - 1]
        let infoColumn = (fenceLine.firstIndex(of: "{").map { fenceLine.distance(from: fenceLine.startIndex, to: $0) } ?? 0) + 1
        let at = SourceLocation(file: path, line: fence.startLine, column: infoColumn)
        let header: DirectiveHeader
        switch DirectiveHeader.parse(fence.info) {
        case .success(let h): header = h
        case .failure(let error):
            diagnostics.append(Diagnostic(error.message, at: at.advanced(by: error.offset)))
            return nil
        }
        if !fence.closed {
            diagnostics.append(
                Diagnostic(
                    "the directive block `\(header.name)` is not closed", at: at,
                    hint: "end it with a line of three backticks"))
            return nil
        }
        var options = [OptionValue.MapEntry]()
        do {
            let reader = YAMLReader(file: path, firstLine: fence.startLine + 1, indent: fence.indent)
            switch try reader.parse(fence.literal)?.value {
            case .map(let entries): options = entries
            case nil, .null: break
            default:
                diagnostics.append(Diagnostic("the body of `\(header.name)` must be YAML `option: value` lines", at: at))
            }
        } catch {
            diagnostics.append(error)
        }
        counts[header.name, default: 0] += 1
        let explicitID = header.id.map { Located($0, at: at.advanced(by: header.idColumnOffset)) }
        return DirectiveBlock(
            name: Located(header.name, at: at.advanced(by: header.nameColumnOffset)),
            explicitID: explicitID, id: header.id ?? "\(header.name)-\(counts[header.name]!)",
            location: at, options: options)
    }
}

extension Template {
    /// Adds the source line to a diagnostic that points into this template.
    func withExcerpt(_ diagnostic: Diagnostic) -> Diagnostic {
        guard let location = diagnostic.location, location.file == path, let text = line(location.line) else {
            return diagnostic
        }
        var copy = diagnostic
        copy.sourceLine = text
        let rest = text.dropFirst(max(0, location.column - 1))
        copy.underline = max(1, rest.prefix { !$0.isWhitespace && $0 != ":" }.count)
        return copy
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
