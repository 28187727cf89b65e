import Foundation

extension DirectiveRegistry {
    /// Validates options given as values (not a template) for `directive`, as a render would: types,
    /// ranges, required options, defaults, then the directive's own checks. Reference options name the
    /// inputs `references` lists (`input: "points"`). For running one directive outside a template.
    public func resolve(
        _ values: [String: OptionValue], for directive: any Directive, references: Set<String> = [],
        baseDirectory: URL = URL(fileURLWithPath: "/")
    ) throws(DiagnosticList) -> ResolvedOptions {
        let location = SourceLocation(file: "<\(directive.name) options>", line: 1, column: 1)
        let entries = values.sorted { $0.key < $1.key }.map {
            OptionValue.MapEntry(key: $0.key, keyLocation: location, value: Located($0.value, at: location))
        }
        let block = DirectiveBlock(
            name: Located(directive.name, at: location), explicitID: nil, id: directive.name, location: location,
            options: entries)
        let validator = OptionValidator(
            specs: options(of: directive), directiveName: directive.name, params: [:], stepIDs: references,
            baseDirectory: baseDirectory)
        let result = validator.validate(block)
        var diagnostics = result.diagnostics
        if diagnostics.isEmpty {
            diagnostics += directive.check(ResolvedOptions(result.options)).map { Diagnostic("`\(directive.name)`: \($0.message)", at: location) }
        }
        guard diagnostics.isEmpty else { throw DiagnosticList(diagnostics) }
        return ResolvedOptions(result.options)
    }
}
