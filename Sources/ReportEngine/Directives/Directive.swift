import Foundation
import Plotting

/// An analysis or presentation step a template can use, like a knitr engine.
///
/// Adding a directive = one file conforming to this protocol + one line in `DirectiveRegistry.standard`.
public protocol Directive: Sendable {
    /// The name written in the template: ```` ```{name #id} ````.
    var name: String { get }
    /// One line for `litmus directives`.
    var summary: String { get }
    /// Bumped whenever the implementation changes results; part of every cache key.
    var version: Int { get }
    /// The directive's own options (the common ones, `show` and `caption`, are added by the registry).
    var options: [OptionSpec] { get }
    /// What the directive shows in the document, for numbering and cross-references.
    var output: OutputKind { get }
    /// Whether the result depends on the seed (only then does the seed enter the cache key).
    var isRandom: Bool { get }
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
    public var isRandom: Bool { false }
    public var shownByDefault: Bool { true }
    public var amplifiesRounding: Bool { false }

    public func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] { [] }

    public func call(_ method: String, arguments: [Value], on value: Value) throws -> Value {
        throw DirectiveError("`\(name)` results have no function `\(method)`")
    }

    public func present(_ context: PresentContext) throws -> Presentation { Presentation() }
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
        case figure(Figure)
        /// Built only when the drawn figure is not in the cache: building one decodes its images.
        case grid(@Sendable () throws -> ImageGrid)
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
