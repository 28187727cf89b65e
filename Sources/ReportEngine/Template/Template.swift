/// A parsed template: front matter and the document as text and directive segments, positions kept.
public struct Template: Sendable {
    /// The path as the user gave it (used in messages).
    public let path: String
    public let source: String
    public let frontMatter: FrontMatter
    public let segments: [Segment]

    public enum Segment: Sendable, Equatable {
        /// Markdown written by the author, starting at template line `line`, split around expressions.
        case text([InlinePiece], line: Int)
        case directive(DirectiveBlock)
    }

    public var inlineExpressions: [InlineExpression] {
        segments.flatMap { segment -> [InlineExpression] in
            guard case .text(let pieces, _) = segment else { return [] }
            return pieces.compactMap { if case .expression(let e) = $0 { e } else { nil } }
        }
    }

    public var crossReferences: [CrossReference] {
        segments.flatMap { segment -> [CrossReference] in
            guard case .text(let pieces, _) = segment else { return [] }
            return pieces.compactMap { if case .crossReference(let r) = $0 { r } else { nil } }
        }
    }

    public var directives: [DirectiveBlock] {
        segments.compactMap { if case .directive(let d) = $0 { d } else { nil } }
    }

    /// Line `number` (1-based) of the source, for error excerpts.
    public func line(_ number: Int) -> String? {
        let lines = TemplateParser.lines(source)
        return number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }
}
