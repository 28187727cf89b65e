import Foundation

/// A validated template, ready to run: its steps, their dependencies and the order they can run in.
public struct Plan: Sendable {
    public let template: Template
    /// Parameters after `--param` overrides, in declaration order.
    public let params: [(name: String, value: OptionValue)]
    /// Steps in document order.
    public private(set) var steps: [PlannedStep]
    /// Groups of step indices; each group depends only on earlier groups, so its steps may run at once.
    public let levels: [[Int]]
    /// What `litmus check` found worth saying that does not stop a render.
    public let warnings: [Diagnostic]

    public func step(_ id: String) -> PlannedStep? { steps.first { $0.id == id } }

    /// The steps whose results can change by more than rounding on another CPU: those whose directive
    /// amplifies rounding, and every step that reads one of them.
    public var roundingSensitiveSteps: Set<String> { readers(of: steps.filter(\.directive.amplifiesRounding)) }

    /// The steps whose results depend on the template's seed: those that use it, and every step that
    /// reads one. The others are the same whatever the seed.
    public var seedDependentSteps: Set<String> { readers(of: steps.filter(\.usesTemplateSeed)) }

    /// `sources` and every step that reads one of them, directly or through others.
    private func readers(of sources: [PlannedStep]) -> Set<String> {
        var reached = Set(sources.map(\.id))
        for level in levels {  // each level reads only earlier ones
            for step in level.map({ steps[$0] }) where step.references.contains(where: { reached.contains($0.stepID) }) {
                reached.insert(step.id)
            }
        }
        return reached
    }

    /// What a `stability` step `id` reruns for another seed: the steps it reads, directly or through
    /// others, that depend on the seed.
    func stepsRerun(by id: String) -> Set<String> {
        DependencyOrder(steps: steps).closure(of: id).subtracting([id]).intersection(seedDependentSteps)
    }

    /// The plan a template with front-matter `seed: s` gives: the same steps, their seeds derived from `s`.
    func reseeded(_ seed: Int) -> Plan {
        var plan = self
        for i in plan.steps.indices { plan.steps[i].seed = Planner.seed(seed, id: plan.steps[i].id) }
        return plan
    }

    /// Parameters as a value for inline expressions (`{{ params.name }}`).
    public var paramsValue: Value {
        .record(Record(params.map { Record.Field($0.name, $0.value.asValue) }))
    }
}

/// One directive block after validation.
public struct PlannedStep: Sendable {
    public let block: DirectiveBlock
    public let directive: any Directive
    public let options: ResolvedOptions
    public let references: [InputReference]
    public let files: [FileInput]
    public let folders: [FolderInput]
    public internal(set) var seed: UInt64

    public var id: String { block.id }

    /// Whether the step uses the template's seed (a random directive that does not fix its own).
    public var usesTemplateSeed: Bool { directive.usesTemplateSeed(options) }

    /// Whether the output is inserted in the document.
    public var isShown: Bool { options[CommonOptions.show(default: directive.shownByDefault)] }

    /// The names of the options that change results and enter the cache key as values. Options given as
    /// a reference, file or folder are left out: their content enters the key through its own hash. An
    /// option that may be either (`target: sum` or `target: pca.components[0]`) is in when it is a value.
    func analysisOptions(schema: [OptionSpec]) -> [String] {
        schema.filter { spec in
            spec.role == .analysis && !isInput(spec.name)
                && !(spec.type.isReference && !spec.type.mayBeValue) && !(spec.type.isInputFile && !spec.type.mayBeValue)
        }.map(\.name)
    }

    /// Whether this step resolved the option as a reference, an input file or an input folder.
    private func isInput(_ option: String) -> Bool {
        func matches(_ name: String) -> Bool { name == option || name.hasPrefix(option + "[") }
        return references.contains { matches($0.option) } || files.contains { matches($0.option) } || folders.contains { matches($0.option) }
    }

    /// Canonical text of the presentation options: those that change a figure's pixels.
    public func drawingOptionsText(schema: [OptionSpec]) -> String {
        canonicalOptions(schema.filter { $0.role == .presentation })
    }

    private func canonicalOptions(_ specs: [OptionSpec]) -> String {
        specs.map(\.name).sorted().map { "\($0)=\(options.values[$0]?.canonical ?? "null")" }.joined(separator: ";")
    }
}

extension OptionType {
    /// A `oneOf` with a plain-value alternative (a choice, a number) beside references or files.
    var mayBeValue: Bool {
        if case .oneOf(let types) = self { return types.contains { !$0.isReference && !$0.isInputFile } }
        return false
    }

    var isReference: Bool {
        switch self {
        case .reference: true
        case .list(let t): t.isReference
        case .oneOf(let ts): ts.contains { $0.isReference }
        default: false
        }
    }

    var isInputFile: Bool {
        switch self {
        case .inputFile, .inputFolder: true
        case .list(let t): t.isInputFile
        case .oneOf(let ts): ts.contains { $0.isInputFile }
        default: false
        }
    }
}

extension OptionValue {
    /// A template value as a result value (for `params` in expressions).
    var asValue: Value {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .list(let items): .list(items.map(\.value.asValue))
        case .map(let entries): .record(Record(entries.map { Record.Field($0.key, $0.value.value.asValue) }))
        }
    }
}
