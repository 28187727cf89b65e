/// An inline expression's syntax tree. Every node keeps where it starts in the template.
public indirect enum Expression: Sendable, Equatable {
    case number(Double, SourceLocation)
    case string(String, SourceLocation)
    case identifier(String, SourceLocation)
    case member(Expression, String, SourceLocation)
    case index(Expression, Expression, SourceLocation)
    case call(Expression, [Expression], SourceLocation)
    case unary(UnaryOperator, Expression, SourceLocation)
    case binary(BinaryOperator, Expression, Expression, SourceLocation)
    /// `condition ? then : else`
    case conditional(Expression, Expression, Expression, SourceLocation)

    public enum UnaryOperator: String, Sendable { case negate = "-", not = "!" }

    public enum BinaryOperator: String, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
        case and = "&&", or = "||"

        var precedence: Int {
            switch self {
            case .or: 1
            case .and: 2
            case .equal, .notEqual: 3
            case .less, .lessEqual, .greater, .greaterEqual: 4
            case .add, .subtract: 5
            case .multiply, .divide: 6
            }
        }
    }

    public var location: SourceLocation {
        switch self {
        case .number(_, let l), .string(_, let l), .identifier(_, let l), .member(_, _, let l),
            .index(_, _, let l), .call(_, _, let l), .unary(_, _, let l), .binary(_, _, _, let l),
            .conditional(_, _, _, let l):
            l
        }
    }

    /// Every root identifier the expression reads (for checking ids before running).
    public var identifiers: [(String, SourceLocation)] {
        switch self {
        case .number, .string: []
        case .identifier(let name, let l): [(name, l)]
        case .member(let base, _, _): base.identifiers
        case .index(let base, let i, _): base.identifiers + i.identifiers
        case .call(let callee, let args, _):
            // A bare function name (`len(x)`) is not a step id.
            (callee.isBareIdentifier ? [] : callee.identifiers) + args.flatMap(\.identifiers)
        case .unary(_, let e, _): e.identifiers
        case .binary(_, let a, let b, _): a.identifiers + b.identifiers
        case .conditional(let c, let a, let b, _): c.identifiers + a.identifiers + b.identifiers
        }
    }

    var isBareIdentifier: Bool { if case .identifier = self { true } else { false } }
}

/// `{{ expression | filter: arg | filter }}` as written in the template.
public struct InlineExpression: Sendable, Equatable {
    public struct FilterCall: Sendable, Equatable {
        public let name: String
        public let arguments: [Expression]
        public let location: SourceLocation
    }

    public let expression: Expression
    public let filters: [FilterCall]
    /// The position of `{{`.
    public let location: SourceLocation
    /// The text between the braces, for messages.
    public let source: String
}

/// A piece of a text segment after scanning for expressions and cross-references.
public enum InlinePiece: Sendable, Equatable {
    case literal(String)
    case expression(InlineExpression)
    case crossReference(CrossReference)
}

/// `@fig-id` or `@tbl-id`.
public struct CrossReference: Sendable, Equatable {
    public enum Kind: String, Sendable { case figure = "fig", table = "tbl" }
    public let kind: Kind
    public let id: String
    public let location: SourceLocation
}
