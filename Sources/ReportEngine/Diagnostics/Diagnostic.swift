/// One problem found in a template or while rendering it, with where it is and what to do.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// An error stops the render; a warning is printed and the render goes on.
    public enum Severity: String, Sendable { case error, warning }

    public let location: SourceLocation?
    public let message: String
    /// A suggestion the user can act on ("did you mean `min_samples`?").
    public let hint: String?
    /// The source line at `location`, shown with a `^~~~` underline `underline` characters long.
    public var sourceLine: String?
    public var underline = 1
    public var severity = Severity.error

    public init(_ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        (self.message, self.location, self.hint) = (message, location, hint)
    }

    /// Something worth knowing that does not stop the render ("the same in every seed").
    public static func warning(_ message: String, at location: SourceLocation? = nil, hint: String? = nil) -> Diagnostic {
        var diagnostic = Diagnostic(message, at: location, hint: hint)
        diagnostic.severity = .warning
        return diagnostic
    }

    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.location == b.location && a.message == b.message && a.hint == b.hint && a.severity == b.severity
    }

    /// `file:line:col: error: message`, then the source line with a `^~~~` underline and the hint.
    public var description: String {
        var text = location.map { "\($0): \(severity.rawValue): " } ?? "\(severity.rawValue): "
        text += message
        if let hint { text += "\n  hint: \(hint)" }
        if let location, let line = sourceLine {
            let expanded = line.replacingTabs
            text +=
                "\n  \(expanded)\n  " + String(repeating: " ", count: max(0, location.column - 1))
                + "^" + String(repeating: "~", count: max(0, underline - 1))
        }
        return text
    }
}

/// Several diagnostics at once: a template is checked completely before anything is reported.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted { a, b in
            switch (a.location, b.location) {
            case let (x?, y?) where x != y: x < y
            case (nil, _?): true
            case (_?, nil): false
            default: a.message < b.message
            }
        }
    }

    public var description: String {
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let errors = diagnostics.count - warnings
        return diagnostics.map(\.description).joined(separator: "\n")
            + "\n\(errors) error\(errors == 1 ? "" : "s")" + (warnings == 0 ? "" : ", \(warnings) warning\(warnings == 1 ? "" : "s")")
    }
}

private extension String {
    var replacingTabs: String { replacingOccurrences(of: "\t", with: " ") }
}
