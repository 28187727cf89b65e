import Foundation

/// Recursive-descent parser for `expression (| filter[: args])*`, with operator precedence climbing.
struct ExpressionParser {
    private let tokens: [Token]
    private let origin: SourceLocation
    private var position = 0

    /// Parses `text` whose first character sits at `origin` in the template.
    static func parse(_ text: String, at origin: SourceLocation, braces: SourceLocation) throws(Diagnostic) -> InlineExpression {
        let tokens: [Token]
        do {
            tokens = try ExpressionLexer().tokens(text)
        } catch {
            throw Diagnostic("in expression `\(text.trimmed)`: \(error.message)", at: origin.advanced(by: error.offset))
        }
        var parser = ExpressionParser(tokens: tokens, origin: origin)
        guard tokens.count > 1 else { throw Diagnostic("empty expression `{{ }}`", at: braces) }
        do throws(Failure) {
            let expression = try parser.expression()
            var filters = [InlineExpression.FilterCall]()
            while parser.accept("|") {
                filters.append(try parser.filter())
            }
            guard case .end = parser.current.kind else { throw parser.failure("unexpected \(parser.describeCurrent)") }
            return InlineExpression(expression: expression, filters: filters, location: braces, source: text.trimmed)
        } catch {
            throw Diagnostic("in expression `\(text.trimmed)`: \(error.message)", at: error.location ?? origin)
        }
    }

    private init(tokens: [Token], origin: SourceLocation) {
        (self.tokens, self.origin) = (tokens, origin)
    }

    struct Failure: Error {
        let message: String
        let location: SourceLocation?
    }

    private var current: Token { tokens[position] }
    private var here: SourceLocation { origin.advanced(by: current.offset) }

    private var describeCurrent: String {
        switch current.kind {
        case .end: "end of expression"
        case .number(let n): "number \(ValueFormatter.compact(n))"
        case .string(let s): "string \"\(s)\""
        case .identifier(let s): "`\(s)`"
        case .symbol(let s): "`\(s)`"
        }
    }

    private func failure(_ message: String) -> Failure { Failure(message: message, location: here) }

    private mutating func accept(_ symbol: String) -> Bool {
        if case .symbol(symbol) = current.kind {
            position += 1
            return true
        }
        return false
    }

    private mutating func expect(_ symbol: String) throws(Failure) {
        guard accept(symbol) else { throw failure("expected `\(symbol)`, found \(describeCurrent)") }
    }

    private mutating func expression() throws(Failure) -> Expression {
        let condition = try binary(minimumPrecedence: 1)
        guard accept("?") else { return condition }
        let then = try expression()
        try expect(":")
        let otherwise = try expression()
        return .conditional(condition, then, otherwise, condition.location)
    }

    private mutating func binary(minimumPrecedence: Int) throws(Failure) -> Expression {
        var left = try unary()
        while case .symbol(let s) = current.kind, let op = Expression.BinaryOperator(rawValue: s),
            op.precedence >= minimumPrecedence
        {
            let at = here
            position += 1
            let right = try binary(minimumPrecedence: op.precedence + 1)
            left = .binary(op, left, right, at)
        }
        return left
    }

    private mutating func unary() throws(Failure) -> Expression {
        let at = here
        if accept("-") { return .unary(.negate, try unary(), at) }
        if accept("!") { return .unary(.not, try unary(), at) }
        return try postfix()
    }

    private mutating func postfix() throws(Failure) -> Expression {
        var base = try primary()
        while true {
            let at = here
            if accept(".") {
                guard case .identifier(let name) = current.kind else { throw failure("expected a field name after `.`") }
                position += 1
                base = .member(base, name, at)
            } else if accept("[") {
                let index = try expression()
                try expect("]")
                base = .index(base, index, at)
            } else if accept("(") {
                var arguments = [Expression]()
                if !accept(")") {
                    repeat { arguments.append(try expression()) } while accept(",")
                    try expect(")")
                }
                base = .call(base, arguments, at)
            } else {
                return base
            }
        }
    }

    private mutating func primary() throws(Failure) -> Expression {
        let at = here
        switch current.kind {
        case .number(let n):
            position += 1
            return .number(n, at)
        case .string(let s):
            position += 1
            return .string(s, at)
        case .identifier(let name):
            position += 1
            return .identifier(name, at)
        case .symbol("("):
            position += 1
            let inner = try expression()
            try expect(")")
            return inner
        default:
            throw failure("expected a value, found \(describeCurrent)")
        }
    }

    private mutating func filter() throws(Failure) -> InlineExpression.FilterCall {
        let at = here
        guard case .identifier(let name) = current.kind else { throw failure("expected a filter name after `|`") }
        position += 1
        var arguments = [Expression]()
        if accept(":") {
            repeat { arguments.append(try binary(minimumPrecedence: 1)) } while accept(",")
        }
        return InlineExpression.FilterCall(name: name, arguments: arguments, location: at)
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
