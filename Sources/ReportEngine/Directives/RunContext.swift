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
    /// For a `SeedRepeatingDirective`: its inputs under other template seeds.
    public let repetitions: SeedRepetitions?
    /// For a `ShardedDirective`: the parts of the step's key that every item's key holds (the engine's;
    /// nil in a context made by hand, whose item keys then hold the step id and every option instead).
    public let itemKeyBase: String?
    /// Per reference option, the value it names: the referenced step's key and the fields followed (the
    /// engine's; empty in a context made by hand).
    public let inputKeys: [String: String]
    /// Objects the render's steps share while they run (one compiled network for the steps that use it
    /// at once); a context made by hand shares with no one.
    public let shared: SharedObjects

    public init(
        stepID: String, options: ResolvedOptions, inputs: [String: Value], files: [String: URL],
        folders: [String: URL] = [:], seed: UInt64,
        workDirectory: URL = FileManager.default.temporaryDirectory.appendingPathComponent("litmus-work"),
        cache: ResultCache? = nil, log: @escaping @Sendable (String) -> Void = { _ in },
        progress: @escaping @Sendable (StepProgress) -> Void = { _ in }, fileHashes: FileHashIndex = FileHashIndex(location: nil),
        repetitions: SeedRepetitions? = nil, itemKeyBase: String? = nil, inputKeys: [String: String] = [:],
        shared: SharedObjects = SharedObjects()
    ) {
        (self.stepID, self.options, self.inputs, self.files, self.folders, self.seed) = (stepID, options, inputs, files, folders, seed)
        (self.workDirectory, self.cache, self.log, self.progress, self.fileHashes) = (workDirectory, cache, log, progress, fileHashes)
        (self.repetitions, self.itemKeyBase, self.inputKeys, self.shared) = (repetitions, itemKeyBase, inputKeys, shared)
    }

    /// The cache key of an intermediate result made from the value `input` names and `settings` alone
    /// (UMAP's neighbour graph): the same for every step, seed and shard that makes it from the same value
    /// with the same settings, whatever else their options say. nil when the engine did not give the
    /// input's key (a context made by hand): then nothing is shared.
    public func sharedKey(_ kind: String, of input: InputOption, settings: [String: String]) -> String? {
        guard let identity = inputKeys[input.name] else { return nil }
        let lines = ["litmus-shared 1", "kind \(kind)", "input \(identity)"] + settings.keys.sorted().map { "setting \($0)=\(settings[$0]!)" }
        return ContentHash.of(lines.joined(separator: "\n"))
    }

    /// The cache key of one item of a sharded step: the step's key less the options that choose items,
    /// plus `content`, what the item is (an image's content hash, a dimension). Computed by the engine so
    /// that every option and input of the step reaches every item's key.
    public func itemKey(_ content: String) -> String {
        let base =
            itemKeyBase
            ?? (["litmus-item by hand", "step \(stepID)"]
            + options.values.keys.sorted().map { "option \($0)=\(options.values[$0]!.canonical)" }
            + files.keys.sorted().map { "file \($0)=\((try? hash(of: files[$0]!)) ?? files[$0]!.path)" }).joined(separator: "\n")
        return ContentHash.of(base + "\nitem " + content)
    }

    /// A SHA-256 fingerprint of `lines` joined by newlines: for a result that names what it was made of
    /// (a dataset's images and their hashes) or a work folder's name, never for a cache key (the engine
    /// makes those: `itemKey`, `sharedKey`).
    public func fingerprint(_ lines: [String]) -> String { ContentHash.of(lines.joined(separator: "\n")) }

    /// The SHA-256 of a file's content (from `fileHashes` when the file is unchanged since it was hashed).
    public func hash(of file: URL) throws -> String { try fileHashes.hash(of: file) }

    /// The input file an option names, if it names one.
    public func file(_ option: some OptionKey) -> URL? { files[option.name] }

    /// The input folder an option names, if it names one.
    public func folder(_ option: some OptionKey) -> URL? { folders[option.name] }
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
}

/// What `run` and `present` both read: the values the step's reference options name.
public protocol StepInputValues {
    /// By option name (a list option: by `name[i]`).
    var inputs: [String: Value] { get }
}

extension RunContext: StepInputValues {}
extension PresentContext: StepInputValues {}

extension StepInputValues {
    /// The value a reference option names, if the template gave the option.
    public func value(ifGiven option: InputOption) -> Value? { inputs[option.name] }

    /// The value a reference option names; an error naming the option when it is missing.
    public func value(_ option: InputOption) throws(DirectiveError) -> Value {
        guard let value = inputs[option.name] else { throw DirectiveError("the option `\(option.name)` is required", option: option.name) }
        return value
    }

    /// The values a list of references names, in order; one reference written without brackets
    /// (`exclude: train`) is a list of one.
    public func values(_ option: InputOption) -> [Value] {
        if let single = inputs[option.name] { return [single] }
        return (0...).lazy.map { inputs["\(option.name)[\($0)]"] }.prefix { $0 != nil }.map { $0! }
    }

    /// A matrix, or a result standing for one (a PCA result for its embedding).
    public func matrix(_ option: InputOption) throws(DirectiveError) -> ItemMatrix {
        guard case .matrix(let m) = try value(option).resolvingPrimary else {
            throw DirectiveError("`\(option.name)` must be a matrix", option: option.name)
        }
        return m
    }

    /// A label vector, or a result standing for one (a clustering for its labels).
    public func labels(_ option: InputOption) throws(DirectiveError) -> ItemLabels {
        guard case .labels(let l) = try value(option).resolvingPrimary else {
            throw DirectiveError("`\(option.name)` must be labels", option: option.name)
        }
        return l
    }

    /// Whole-number labels (clusters), with the labels they came from.
    public func clusterLabels(_ option: InputOption) throws(DirectiveError) -> (labels: ItemLabels, clusters: [Int]) {
        let labels = try labels(option)
        guard let ints = ItemJoin.integers(labels) else {
            throw DirectiveError("`\(option.name)` must be integer cluster labels", option: option.name)
        }
        return (labels, ints)
    }

    /// Another directive's result, read by its declared fields.
    public func result<R: DirectiveResult>(_ option: InputOption, as type: R.Type, expected: String) throws(DirectiveError) -> R {
        try R(value(option), option: option.name, expected: expected)
    }
}
