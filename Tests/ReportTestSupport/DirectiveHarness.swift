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
    public func run(_ name: String, options: [String: OptionValue] = [:], inputs: [String: Value] = [:],
                    files: [String: URL] = [:], seed: UInt64 = 1) throws -> Outcome {
        guard let directive = registry.directive(named: name) else { throw DirectiveError("no directive `\(name)`") }
        var written = options
        var references = Set<String>()
        for option in inputs.keys {
            let base = option.split(separator: "[").first.map(String.init) ?? option
            references.insert(option.replacingOccurrences(of: "[", with: "_").replacingOccurrences(of: "]", with: ""))
            if option.contains("[") {
                let items = inputs.keys.filter { $0.hasPrefix(base + "[") }.sorted()
                written[base] = .list(items.map { Located(.string($0.replacingOccurrences(of: "[", with: "_").replacingOccurrences(of: "]", with: "")),
                                                          at: SourceLocation(file: "", line: 1, column: 1)) })
            } else {
                written[option] = .string(option)
            }
        }
        for (option, url) in files { written[option] = .string(url.path) }
        let resolved = try registry.resolve(written, for: directive, references: references)
        let context = RunContext(stepID: name, options: resolved, inputs: inputs, files: files, seed: seed, workDirectory: workDirectory)
        let value = try directive.run(context)
        let cached = try ValueArchive.value(from: try ValueArchive.files(for: value))
        let presentation = try directive.present(PresentContext(stepID: name, options: resolved, value: cached, inputs: inputs))
        return Outcome(options: resolved, value: value, cached: cached, presentation: presentation)
    }
}
