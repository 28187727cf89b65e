import Foundation

/// What a directive's `run` receives: its validated options and the values of the steps it refers to.
public struct RunContext: Sendable {
    public let stepID: String
    public let options: ResolvedOptions
    /// The values of reference options, by option name (a list option: by `name[i]`).
    public let inputs: [String: Value]
    /// Input files by option name, resolved against the template's folder.
    public let files: [String: URL]
    /// Input folders by option name.
    public let folders: [String: URL]
    /// This step's own seed, derived from the template's seed and the step id.
    public let seed: UInt64
    /// A folder for generated inputs (demo images), kept between renders beside the cache.
    public let workDirectory: URL
    /// The result cache, for directives that cache finer than a step (features per image).
    public let cache: ResultCache?
    /// Progress lines for long steps.
    public let log: @Sendable (String) -> Void
    /// Progress of a long step's items (images), for a progress bar or periodic lines.
    public let progress: @Sendable (StepProgress) -> Void
    /// Content hashes of files by their stat records, kept between renders beside the cache.
    public let fileHashes: FileHashIndex

    public init(stepID: String, options: ResolvedOptions, inputs: [String: Value], files: [String: URL],
                folders: [String: URL] = [:], seed: UInt64,
                workDirectory: URL = FileManager.default.temporaryDirectory.appendingPathComponent("litmus-work"),
                cache: ResultCache? = nil, log: @escaping @Sendable (String) -> Void = { _ in },
                progress: @escaping @Sendable (StepProgress) -> Void = { _ in }, fileHashes: FileHashIndex = FileHashIndex(location: nil)) {
        (self.stepID, self.options, self.inputs, self.files, self.folders, self.seed) = (stepID, options, inputs, files, folders, seed)
        (self.workDirectory, self.cache, self.log, self.progress, self.fileHashes) = (workDirectory, cache, log, progress, fileHashes)
    }

    /// The SHA-256 of a file's content (from `fileHashes` when the file is unchanged since it was hashed).
    public func hash(of file: URL) throws -> String { try fileHashes.hash(of: file) }

    /// The value of a reference option; an error naming the option when it is missing.
    public func input(_ option: String) throws -> Value {
        guard let value = inputs[option] else { throw DirectiveError("the option `\(option)` is required", option: option) }
        return value
    }

    public func file(_ option: String) throws -> URL {
        guard let url = files[option] else { throw DirectiveError("the option `\(option)` is required", option: option) }
        return url
    }
}

/// What a directive's `present` receives: its result and everything `run` had.
public struct PresentContext: Sendable {
    public let stepID: String
    public let options: ResolvedOptions
    public let value: Value
    public let inputs: [String: Value]

    public init(stepID: String, options: ResolvedOptions, value: Value, inputs: [String: Value]) {
        (self.stepID, self.options, self.value, self.inputs) = (stepID, options, value, inputs)
    }

    public func input(_ option: String) throws -> Value {
        guard let value = inputs[option] else { throw DirectiveError("the option `\(option)` is required", option: option) }
        return value
    }
}
