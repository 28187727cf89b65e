import Foundation

/// A validated template, ready to run: its steps, their dependencies and the order they can run in.
public struct Plan: Sendable {
    public let template: Template
    /// Parameters after `--param` overrides, in declaration order.
    public let params: [(name: String, value: OptionValue)]
    /// Steps in document order.
    public let steps: [PlannedStep]
    /// Groups of step indices; each group depends only on earlier groups, so its steps may run at once.
    public let levels: [[Int]]

    public func step(_ id: String) -> PlannedStep? { steps.first { $0.id == id } }

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
    public let seed: UInt64

    public var id: String { block.id }

    /// Whether the output is inserted in the document.
    public var isShown: Bool { options.bool("show") ?? directive.shownByDefault }

    /// Canonical text of the options that change results (what enters the cache key).
    public func analysisOptionsText(schema: [OptionSpec]) -> String {
        canonicalOptions(schema.filter { $0.role == .analysis && !$0.type.isReference && !$0.type.isInputFile })
    }

    /// Canonical text of the presentation options that change a figure's pixels (not caption or show).
    public func drawingOptionsText(schema: [OptionSpec]) -> String {
        canonicalOptions(schema.filter { $0.role == .presentation && !["caption", "show"].contains($0.name) })
    }

    private func canonicalOptions(_ specs: [OptionSpec]) -> String {
        specs.map(\.name).sorted().map { "\($0)=\(options.values[$0]?.canonical ?? "null")" }.joined(separator: ";")
    }
}

extension OptionType {
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
