import Foundation

/// Builds the report's Markdown from the template's text and the steps' presentations: expressions
/// evaluated, cross-references numbered, figures and tables captioned.
///
/// Two targets share everything but figures: GitHub Markdown links figure files; the HTML page's
/// Markdown embeds them (and their captions) as `<figure>` blocks.
struct DocumentAssembler {
    enum Target { case github, html }

    let plan: Plan
    let outcome: RunOutcome
    let numbering: Numbering
    /// Relative paths of the figure files, by step id.
    let figurePaths: [String: String]

    func markdown(for target: Target) throws(DiagnosticList) -> String {
        let evaluator = ExpressionEvaluator(
            values: outcome.values, params: plan.paramsValue,
            directives: Dictionary(plan.steps.map { ($0.id, $0.directive) }, uniquingKeysWith: { a, _ in a }))
        var parts = [String]()
        var problems = [Diagnostic]()
        for segment in plan.template.segments {
            switch segment {
            case .text(let pieces, _):
                var text = ""
                for piece in pieces {
                    switch piece {
                    case .literal(let literal): text += literal
                    case .expression(let inline):
                        do { text += MarkdownText.escape(ValueFormatter.text(try evaluator.evaluate(inline))) } catch {
                            problems.append(error)
                        }
                    case .crossReference(let reference):
                        let anchor = Numbering.anchor(reference.kind, reference.id)
                        text += "[\(numbering.label(for: reference.id) ?? reference.id)](#\(anchor))"
                    }
                }
                parts.append(text)
            case .directive(let block):
                guard let step = plan.step(block.id), step.isShown, let block = outcome.presentations[step.id]?.block else { continue }
                parts.append("\n" + render(block, step: step, target: target) + "\n")
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems.map(plan.template.withExcerpt)) }
        return Self.tidy(parts.joined(separator: "\n"))
    }

    private func render(_ block: PresentedStep.Block, step: PlannedStep, target: Target) -> String {
        let caption = step.options[CommonOptions.caption]
        switch block {
        case .markdown(let text):
            return text
        case .table(let table, let digits):
            let label = numbering.label(for: step.id) ?? "Table"
            let anchor = Numbering.anchor(.table, step.id)
            let title = "**\(label).**" + (caption.map { " \($0)" } ?? "")
            let body = MarkdownTable(table: table, digits: digits).text
            switch target {
            case .github: return "<a id=\"\(anchor)\"></a>\n\n\(title)\n\n\(body)"
            case .html:
                return
                    "<div class=\"table-block\" id=\"\(anchor)\">\n<p class=\"caption\">\(HTMLPage.inline(title))\(Self.selfLink(anchor, label))</p>\n\n\(body)\n\n</div>"
            }
        case .figure(let figure, let dpi):
            let label = numbering.label(for: step.id) ?? "Figure"
            let anchor = Numbering.anchor(.figure, step.id)
            let path = figurePaths[step.id] ?? ""
            let title = "**\(label).**" + (caption.map { " \($0)" } ?? "")
            let alt = label + (caption.map { ": " + HTMLPage.plainText($0) } ?? "")
            switch target {
            case .github:
                return "<a id=\"\(anchor)\"></a>\n\n![\(MarkdownText.escape(alt))](\(path))\n\n\(title)"
            case .html:
                let width = Int((Double(figure.pixelWidth) / dpi * 96).rounded())
                return "<figure id=\"\(anchor)\">\n<img src=\"data:image/png;base64,\(Data(figure.png).base64EncodedString())\" "
                    + "alt=\"\(MarkdownText.html(alt))\" width=\"\(width)\">\n"
                    + "<figcaption>\(HTMLPage.inline(title))\(Self.selfLink(anchor, label))</figcaption>\n</figure>"
            }
        }
    }

    /// A link to the figure or table itself, to copy its address.
    private static func selfLink(_ anchor: String, _ label: String) -> String {
        " <a class=\"anchor\" href=\"#\(anchor)\" aria-label=\"Link to \(MarkdownText.html(label))\">#</a>"
    }

    /// At most one blank line in a row, one final newline.
    private static func tidy(_ text: String) -> String {
        // By bytes: the HTML page's Markdown holds every figure as base64 text, megabytes that splitting
        // by Character walked grapheme by grapheme. A "\r\n" is one Character, never split at its "\n":
        // such text keeps the Character path.
        guard !text.utf8.contains(UInt8(ascii: "\r")) else { return tidyCharacters(text) }
        var lines = [Substring.UTF8View]()
        var lastBlank = true
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let isBlank =
                line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == 0x0B || $0 == 0x0C }
                || (line.contains { $0 >= 0x80 } && Substring(line).allSatisfy(\.isWhitespace))
            if isBlank, lastBlank { continue }
            lines.append(isBlank ? Substring("").utf8 : line)
            lastBlank = isBlank
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        var result = [UInt8]()
        result.reserveCapacity(text.utf8.count + 1)
        for (index, line) in lines.enumerated() {
            if index > 0 { result.append(UInt8(ascii: "\n")) }
            result.append(contentsOf: line)
        }
        result.append(UInt8(ascii: "\n"))
        return String(decoding: result, as: UTF8.self)
    }

    private static func tidyCharacters(_ text: String) -> String {
        var lines = [Substring]()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let isBlank = line.allSatisfy(\.isWhitespace)
            if isBlank, lines.last.map({ $0.allSatisfy(\.isWhitespace) }) ?? true { continue }
            lines.append(isBlank ? "" : line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
