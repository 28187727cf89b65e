/// A position in a template: file as the user named it, 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        (self.file, self.line, self.column) = (file, line, column)
    }

    /// A value given on the command line (`--shards`): it has no line to point at.
    public static func commandLine(_ flag: String) -> SourceLocation { SourceLocation(file: "command line (\(flag))", line: 0, column: 0) }

    public var description: String { line == 0 ? file : "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }

    /// The same line, `count` columns further.
    public func advanced(by count: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + count)
    }
}
