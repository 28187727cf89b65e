import Foundation
import Plotting

/// An analysis or presentation step a template can use, like a knitr engine.
///
/// Adding a directive = one file conforming to `TypedDirective` + one line in `DirectiveRegistry.standard`.
public protocol Directive: Sendable {
    /// The name written in the template: ```` ```{name #id} ````.
    var name: String { get }
    /// One line for `litmus directives`.
    var summary: String { get }
    /// Bumped whenever the implementation changes results; part of every cache key.
    var version: Int { get }
    /// Directives whose implementation this one's results depend on (`agreement_sweep` runs UMAP and
    /// OPTICS): their versions enter this one's cache key, so it follows theirs.
    var builtOn: [any Directive] { get }
    /// What `run` returns, field by field: `litmus check` follows references and expressions through it.
    var resultShape: ValueShape { get }
    /// The result's shape for these options and inputs, where it depends on them (`combine` of features
    /// gives features; `load` with `column` gives labels). The default is `resultShape`.
    func resultShape(options: ResolvedOptions, inputs: [String: ValueShape]) -> ValueShape
    /// Methods inline expressions may call on the result (`pca.components_for(0.9)`).
    var methods: [MethodSpec] { get }
    /// The directive's own options (the common ones, `show` and `caption`, are added by the registry).
    var options: [OptionSpec] { get }
    /// What the directive shows in the document, for numbering and cross-references.
    var output: OutputKind { get }
    /// Whether the result depends on the seed.
    var isRandom: Bool { get }
    /// The option that fixes a random directive's seed (`umap`'s `seed`): a step that gives it does not
    /// use the template's seed.
    var ownSeed: (any OptionKey)? { get }
    /// Whether the output is shown in the document unless the template says `show: false`.
    var shownByDefault: Bool { get }
    /// Whether a change in the last bit of an input can change the result by more than rounding (UMAP's
    /// layout is chaotic): from such a step on, a report made on another CPU may differ beyond rounding
    /// (docs/numerics.md).
    var amplifiesRounding: Bool { get }

    /// Rules between options that types alone cannot state ("`path` or `demo`"), checked before anything
    /// runs: (option the problem is about, or nil for the block; message).
    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)]
    /// Computes the result. Runs only when the cache has no entry for the step's key.
    func run(_ context: RunContext) throws -> Value
    /// Turns the result into what the document shows. Runs on every render; must be cheap or a figure.
    func present(_ context: PresentContext) throws -> Presentation
    /// Methods inline expressions may call on the result: `{{ pca.components_for(0.9) }}`.
    func call(_ method: String, arguments: [Value], on value: Value) throws -> Value
}

extension Directive {
    public var builtOn: [any Directive] { [] }
    public func resultShape(options: ResolvedOptions, inputs: [String: ValueShape]) -> ValueShape { resultShape }
    public var methods: [MethodSpec] { [] }
    public var isRandom: Bool { false }
    public var ownSeed: (any OptionKey)? { nil }
    public var shownByDefault: Bool { true }
    public var amplifiesRounding: Bool { false }

    public func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] { [] }

    public func call(_ method: String, arguments: [Value], on value: Value) throws -> Value {
        throw DirectiveError("`\(name)` results have no function `\(method)`")
    }

    public func present(_ context: PresentContext) throws -> Presentation { Presentation() }

    /// Whether a step with these options uses the template's seed: it is random and does not fix its own.
    /// Only then does the seed enter its cache key, and only such steps (and those reading them) does a
    /// `stability` block rerun.
    public func usesTemplateSeed(_ options: ResolvedOptions) -> Bool {
        guard isRandom else { return false }
        guard let own = ownSeed else { return true }
        return options[own.name] == nil
    }

    /// The version text in cache keys and the manifest: `3`, or `3+umap4+optics2` for a directive built on others.
    public var versionText: String {
        ([String(version)] + builtOn.map { "\($0.name)\($0.versionText)" }).joined(separator: "+")
    }
}

/// A directive that reruns the steps its references depend on as if the template's front-matter seed
/// were another (`stability`): the runner gives its `run` `context.repetitions`, and the planner checks
/// that what it reads depends on the seed at all.
public protocol SeedRepeatingDirective: Directive {
    /// Reference options whose values must change with the seed (clusterings compared across seeds):
    /// naming a value no seed changes is an error in these and a warning in the others.
    var mustVaryWithSeed: [String] { get }
}

/// A directive whose result is a Swift type: `run` writes the cache record from it and `present` reads it
/// back, both from the type's declared fields.
public protocol TypedDirective: Directive {
    associatedtype Result: ResultValue
    func compute(_ context: RunContext) throws -> Result
    func present(_ result: Result, _ context: PresentContext) throws -> Presentation
}

extension TypedDirective {
    public var resultShape: ValueShape { Result.shape }

    public func run(_ context: RunContext) throws -> Value { try compute(context).value }

    public func present(_ context: PresentContext) throws -> Presentation {
        guard let result = Result(value: context.value) else {
            throw DirectiveError(
                "the cached result of `\(context.stepID)` is not a `\(name)` result; delete the cache entry or re-render with --no-cache")
        }
        return try present(result, context)
    }

    public func present(_ result: Result, _ context: PresentContext) throws -> Presentation { Presentation() }
}

extension TypedDirective where Result == NoResult {
    public func compute(_ context: RunContext) throws -> NoResult { NoResult() }
}

/// A method an inline expression may call on a directive's result.
public struct MethodSpec: Sendable {
    public let name: String
    public let arguments: [String]
    public let returns: ValueShape
    public let doc: String

    public init(_ name: String, arguments: [String], returns: ValueShape, doc: String) {
        (self.name, self.arguments, self.returns, self.doc) = (name, arguments, returns, doc)
    }

    /// `components_for(fraction)`
    public var signature: String { "\(name)(\(arguments.joined(separator: ", ")))" }
}

/// What a directive contributes to the document.
public enum OutputKind: String, Sendable {
    case figure, table, text, none
}

/// A directive's contribution to the document and to the report's `data/` folder.
public struct Presentation: Sendable {
    public enum Block: Sendable {
        /// Markdown the directive wrote; values in it are already escaped.
        case markdown(String)
        case table(Table, digits: Int?)
        /// Drawn only when the drawing is not in the cache (drawing a grid of images decodes them);
        /// `dpi` sizes it on an HTML page.
        case figure(dpi: Double, draw: @Sendable () throws -> RenderedFigure)
    }

    public struct DataFile: Sendable, Equatable {
        /// Path inside `data/`.
        public let name: String
        public let bytes: [UInt8]
        public init(name: String, bytes: [UInt8]) { (self.name, self.bytes) = (name, bytes) }
    }

    public var block: Block?
    public var files: [DataFile]

    public init(_ block: Block? = nil, files: [DataFile] = []) {
        (self.block, self.files) = (block, files)
    }
}

/// An error a directive raises while running; the pipeline adds the template position.
public struct DirectiveError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// The option the problem is about, so the message can point at its line.
    public let option: String?

    public init(_ description: String, option: String? = nil) {
        (self.description, self.option) = (description, option)
    }
}
