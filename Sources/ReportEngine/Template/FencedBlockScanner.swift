import CCmark

/// A fenced code block as cmark-gfm parsed it.
struct FencedBlock {
    let info: String
    let literal: String
    /// Template lines of the opening and the last line of the block (the closing fence when closed).
    let startLine: Int
    let endLine: Int
    /// Column offset of the block's content (non-zero inside list items).
    let indent: Int
    let closed: Bool
}

/// Finds the fenced code blocks of a Markdown document with cmark-gfm.
struct FencedBlockScanner {
    /// The fenced blocks, and the lines of every code block (fenced or indented).
    func scan(_ markdown: String) -> (fenced: [FencedBlock], codeLines: Set<Int>) {
        guard let document = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT) else { return ([], []) }
        defer { cmark_node_free(document) }
        let lines = TemplateParser.lines(markdown)
        var blocks = [FencedBlock]()
        var codeLines = Set<Int>()
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK
            else { continue }
            var length: Int32 = 0
            var offset: Int32 = 0
            var character: CChar = 0
            let start = Int(cmark_node_get_start_line(node))
            let end = Int(cmark_node_get_end_line(node))
            codeLines.formUnion(start...max(start, end))
            guard cmark_node_get_fenced(node, &length, &offset, &character) != 0 else { continue }
            let column = Int(cmark_node_get_start_column(node))
            let info = String(cString: cmark_node_get_fence_info(node))
            let literal = String(cString: cmark_node_get_literal(node))
            let closed =
                end > start && end <= lines.count
                && Self.isClosingFence(lines[end - 1], character: Character(UnicodeScalar(UInt8(character))), length: Int(length))
            blocks.append(
                FencedBlock(
                    info: info, literal: literal, startLine: start, endLine: end,
                    indent: max(0, column - 1), closed: closed))
        }
        return (blocks, codeLines)
    }

    private static func isClosingFence(_ line: String, character: Character, length: Int) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == ">" }.reversed().drop { $0 == " " || $0 == "\t" }
        return trimmed.count >= length && trimmed.allSatisfy { $0 == character }
    }
}
