import Crypto
import Foundation

/// Validates a parsed template against the registry and builds its plan. Reports every problem at once.
public struct Planner: Sendable {
    public let registry: DirectiveRegistry

    public init(registry: DirectiveRegistry) { self.registry = registry }

    /// - Parameters:
    ///   - overrides: `--param name=value` pairs, converted to the type of each parameter's default.
    ///   - baseDirectory: where relative input paths start (the template's folder).
    ///   - readAccess: where input files and folders may be.
    public func plan(
        _ template: Template, overrides: [(String, String)] = [],
        baseDirectory: URL, readAccess: ReadAccess = .unrestricted
    ) throws(DiagnosticList) -> Plan {
        var diagnostics = [Diagnostic]()
        let params = ParamResolver(declared: template.frontMatter.params).resolve(overrides, diagnostics: &diagnostics)
        let paramMap = Dictionary(params.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })

        let blocks = template.directives
        let ids = uniqueIDs(blocks, diagnostics: &diagnostics)
        var steps = [PlannedStep]()
        for block in blocks {
            guard let directive = registry.directive(named: block.name.value) else {
                diagnostics.append(
                    Diagnostic(
                        "unknown directive `\(block.name.value)`", at: block.name.location,
                        hint: Suggestion.hint(for: block.name.value, in: registry.names)
                            ?? "run `litmus directives` to list them"))
                continue
            }
            let validator = OptionValidator(
                specs: registry.options(of: directive), directiveName: directive.name,
                params: paramMap, stepIDs: ids, baseDirectory: baseDirectory)
            let result = validator.validate(block)
            diagnostics += result.diagnostics
            if result.diagnostics.isEmpty {
                for problem in directive.check(ResolvedOptions(result.options)) {
                    let location = problem.option.flatMap { block.option($0)?.value.location } ?? block.location
                    diagnostics.append(Diagnostic("`\(directive.name)`: \(problem.message)", at: location))
                }
            }
            steps.append(
                PlannedStep(
                    block: block, directive: directive, options: ResolvedOptions(result.options),
                    references: result.references, files: result.files, folders: result.folders,
                    seed: Self.seed(template.frontMatter.seed, id: block.id)))
        }
        checkReadAccess(steps, access: readAccess, diagnostics: &diagnostics)
        checkCrossReferences(template, steps: steps, diagnostics: &diagnostics)
        checkExpressions(template, ids: ids, diagnostics: &diagnostics)
        checkShapes(template, steps: steps, params: params, diagnostics: &diagnostics)
        let levels = DependencyOrder(steps: steps).levels(diagnostics: &diagnostics)
        let unchecked = Plan(template: template, params: params, steps: steps, levels: levels, warnings: [])
        var warnings = [Diagnostic]()
        // With a cycle there are no levels to follow (the cycle is reported).
        if !levels.isEmpty { RepetitionCheck(plan: unchecked).check(errors: &diagnostics, warnings: &warnings) }
        // Warnings come with the errors too: fixing those should not reveal more to fix.
        guard diagnostics.isEmpty else { throw DiagnosticList((diagnostics + warnings).map(template.withExcerpt)) }
        return Plan(
            template: template, params: params, steps: steps, levels: levels,
            warnings: DiagnosticList(warnings.map(template.withExcerpt)).diagnostics)
    }

    /// Every reference and inline path followed through the declared result fields.
    private func checkShapes(
        _ template: Template, steps: [PlannedStep], params: [(name: String, value: OptionValue)],
        diagnostics: inout [Diagnostic]
    ) {
        let checker = ShapeChecker(steps: steps, params: params)
        let shapes = checker.shapes(diagnostics: &diagnostics)
        let directives = Dictionary(steps.map { ($0.id, $0.directive) }, uniquingKeysWith: { a, _ in a })
        for inline in template.inlineExpressions {
            checker.check(inline.expression, shapes: shapes, directives: directives, diagnostics: &diagnostics)
        }
    }

    private func checkReadAccess(_ steps: [PlannedStep], access: ReadAccess, diagnostics: inout [Diagnostic]) {
        for step in steps {
            let inputs = step.files.map { ($0.path, $0.url, $0.location) } + step.folders.map { ($0.path, $0.url, $0.location) }
            for (path, url, location) in inputs where !access.permits(url) {
                let folder = url.hasDirectoryPath ? url : url.deletingLastPathComponent()
                diagnostics.append(
                    Diagnostic(
                        "`\(path)` is outside the template's folder, and the template may not read it on its own",
                        at: location,
                        hint: "if you trust this template, allow it: `litmus render … --allow-read \(folder.standardizedFileURL.path)`"
                            + ", or give the path with `--param`"))
            }
        }
    }

    /// A step's own seed: the first 8 bytes of SHA-256("seed/id"), so steps never share random streams.
    public static func seed(_ base: Int, id: String) -> UInt64 {
        let digest = SHA256.hash(data: Data("\(base)/\(id)".utf8))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    private func uniqueIDs(_ blocks: [DirectiveBlock], diagnostics: inout [Diagnostic]) -> Set<String> {
        var firstLine = [String: Int]()
        for block in blocks {
            if let line = firstLine[block.id] {
                diagnostics.append(
                    Diagnostic(
                        "duplicate id `\(block.id)`; it is already used on line \(line)",
                        at: block.explicitID?.location ?? block.location,
                        hint: "every block needs its own id"))
            } else {
                firstLine[block.id] = block.location.line
            }
        }
        return Set(firstLine.keys)
    }

    private func checkCrossReferences(_ template: Template, steps: [PlannedStep], diagnostics: inout [Diagnostic]) {
        for reference in template.crossReferences {
            let wanted: OutputKind = reference.kind == .figure ? .figure : .table
            let label = "@\(reference.kind.rawValue)-\(reference.id)"
            guard let step = steps.first(where: { $0.id == reference.id }) else {
                let candidates = steps.filter { $0.directive.output == wanted }.map(\.id)
                diagnostics.append(
                    Diagnostic(
                        "\(label) refers to no block with id `\(reference.id)`", at: reference.location,
                        hint: Suggestion.hint(for: reference.id, in: candidates)))
                continue
            }
            if step.directive.output != wanted {
                diagnostics.append(
                    Diagnostic(
                        "\(label): `\(step.id)` is a `\(step.directive.name)` block, which makes no \(wanted.rawValue)",
                        at: reference.location))
            } else if !step.isShown {
                diagnostics.append(Diagnostic("\(label) refers to `\(step.id)`, which has `show: false`", at: reference.location))
            }
        }
    }

    private func checkExpressions(_ template: Template, ids: Set<String>, diagnostics: inout [Diagnostic]) {
        let known = ids.union(["params"])
        for inline in template.inlineExpressions {
            for (name, location) in inline.expression.identifiers where !known.contains(name) {
                diagnostics.append(
                    Diagnostic(
                        "unknown id `\(name)` in `{{ \(inline.source) }}`", at: location,
                        hint: Suggestion.hint(for: name, in: known.sorted())))
            }
            if case .call(let callee, _, _) = inline.expression, case .identifier(let f, let l) = callee,
                !Builtins.names.contains(f)
            {
                diagnostics.append(
                    Diagnostic(
                        "unknown function `\(f)`", at: l,
                        hint: Suggestion.hint(for: f, in: Builtins.names)
                            ?? "functions: \(Builtins.names.joined(separator: ", "))"))
            }
            for filter in inline.filters where !Filters.names.contains(filter.name) {
                diagnostics.append(
                    Diagnostic(
                        "unknown filter `\(filter.name)`", at: filter.location,
                        hint: Suggestion.hint(for: filter.name, in: Filters.names)
                            ?? "filters: \(Filters.names.joined(separator: ", "))"))
            }
        }
    }
}
