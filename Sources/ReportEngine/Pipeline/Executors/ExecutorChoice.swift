/// How a render finds its executor: the registered kinds, what the command line asked for, and whom to
/// tell of each executor made (so Ctrl-C can cancel what it started).
public struct ExecutorChoice: Sendable {
    public let registry: ExecutorRegistry
    /// `--executor NAME`; nil leaves the choice to the template.
    public let name: String?
    /// Settings from the command line, over the template's.
    public let settings: [ExecutorRegistry.CommandLineSetting]
    public let made: @Sendable (any ShardExecutor) -> Void

    public init(
        registry: ExecutorRegistry, name: String? = nil, settings: [ExecutorRegistry.CommandLineSetting] = [],
        made: @escaping @Sendable (any ShardExecutor) -> Void = { _ in }
    ) {
        (self.registry, self.name, self.settings, self.made) = (registry, name, settings, made)
    }

    /// Always `executor`, whatever the template says (tests that build their executor themselves).
    public static func always(_ executor: any ShardExecutor) -> ExecutorChoice {
        let kind = ExecutorKind(name: "given", doc: "the executor the caller made", settings: []) { _ in executor }
        return ExecutorChoice(registry: ExecutorRegistry([kind]), name: kind.name)
    }

    /// What is wrong with the executor the template and the command line choose; runs nothing.
    func problems(_ template: Template) -> [Diagnostic] {
        var diagnostics = [Diagnostic]()
        _ = registry.resolve(template: template.frontMatter.executor, commandLine: name, settings: settings, diagnostics: &diagnostics)
        return diagnostics
    }

    /// The executor for `template`, nil for local.
    func executor(for template: Template) throws(DiagnosticList) -> (any ShardExecutor)? {
        var diagnostics = [Diagnostic]()
        let chosen = registry.resolve(template: template.frontMatter.executor, commandLine: name, settings: settings, diagnostics: &diagnostics)
        guard diagnostics.isEmpty else { throw DiagnosticList(diagnostics) }
        guard let (kind, settings) = chosen else { return nil }
        do {
            let executor = try kind.make(settings)
            made(executor)
            return executor
        } catch {
            throw DiagnosticList([Diagnostic("the `\(kind.name)` executor: \(error)", at: template.frontMatter.executor?.location)])
        }
    }
}
