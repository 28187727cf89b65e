import DirectiveLibrary
import Foundation
import ReportEngine
import TestSupport

/// One directive run on in-memory inputs, without a template: options validated as a render validates
/// them, `run`, the result through the cache's archive, and `present` on the cached result.
public struct DirectiveHarness {
    public let registry: DirectiveRegistry
    /// Generated inputs (demo phantoms) go here, as a render's work folder.
    public let workDirectory: URL

    public init(registry: DirectiveRegistry = .standard) throws {
        self.registry = registry
        workDirectory = try TestData.temporaryDirectory("litmus-harness")
    }

    /// What one directive made of its inputs.
    public struct Outcome {
        public let options: ResolvedOptions
        /// What `run` returned.
        public let value: Value
        /// The same value after the cache's archive (files written, read back).
        public let cached: Value
        /// `present` on the cached value.
        public let presentation: Presentation
    }

    /// Runs `name` with `options` (plain values) and `inputs` (the values its reference options name, by
    /// option; a list option by `name[i]`), files by option.
    public func run(
        _ name: String, options: [String: OptionValue] = [:], inputs: [String: Value] = [:],
        files: [String: URL] = [:], seed: UInt64 = 1, repetitions: SeedRepetitions? = nil, shared: SharedObjects = SharedObjects()
    ) throws -> Outcome {
        guard let directive = registry.directive(named: name) else { throw DirectiveError("no directive `\(name)`") }
        // Each input stands for a step named after its option: `input` → `input`, `inputs[0]` → `inputs_0`.
        let stepID = { (option: String) in option.replacingOccurrences(of: "[", with: "_").replacingOccurrences(of: "]", with: "") }
        let at = SourceLocation(file: "<inputs>", line: 1, column: 1)
        var written = options
        for (base, keys) in Dictionary(grouping: inputs.keys.sorted(), by: { String($0.prefix { $0 != "[" }) }) {
            written[base] = keys == [base] ? .string(stepID(base)) : .list(keys.map { Located(.string(stepID($0)), at: at) })
        }
        let references = Set(inputs.keys.map(stepID))
        for (option, url) in files { written[option] = .string(url.path) }
        let resolved = try registry.resolve(written, for: directive, references: references)
        let context = RunContext(
            stepID: name, options: resolved, inputs: inputs, files: files, seed: seed, workDirectory: workDirectory,
            repetitions: repetitions, shared: shared)
        let value = try directive.run(context)
        let cached = try ValueArchive.value(from: try ValueArchive.files(for: value))
        let presentation = try directive.present(PresentContext(stepID: name, options: resolved, value: cached, inputs: inputs))
        return Outcome(options: resolved, value: value, cached: cached, presentation: presentation)
    }
}
