import Foundation

/// Where a sharded step's missing items are computed when a render spreads them out (`--executor`).
/// The executor hands the items to other processes, which store them in the shared cache; the step's
/// `run` then gathers them there. Without an executor every step runs in the rendering process.
public protocol ShardExecutor: Sendable {
    /// Computes `work.pending` into `work.cache` and returns once every shard has ended with its items
    /// stored; throws (an error whose description lists the failed shards) otherwise. Finished items
    /// stay in the cache either way.
    func compute(_ work: ShardWork) throws

    /// Stops what this executor started and has not ended (Ctrl-C), and says what it stopped ("the
    /// Slurm job(s) 41, 42 (scancel)"); nil when nothing was running.
    func cancelAll() -> String?
}

/// One sharded step's items that are not in the cache yet, and what the shards need to compute them.
public struct ShardWork: Sendable {
    public let stepID: String
    public let directive: String
    public let items: WorkItems
    /// Indices into `items` still to compute, in order.
    public let pending: [Int]
    public let cache: ResultCache
    /// How the rendering process planned the template: a shard plans it again the same way.
    public let origin: PlanOrigin
    public let log: @Sendable (String) -> Void
    public let progress: @Sendable (StepProgress) -> Void

    public init(
        stepID: String, directive: String, items: WorkItems, pending: [Int], cache: ResultCache, origin: PlanOrigin,
        log: @escaping @Sendable (String) -> Void, progress: @escaping @Sendable (StepProgress) -> Void
    ) {
        (self.stepID, self.directive, self.items, self.pending, self.cache, self.origin) = (stepID, directive, items, pending, cache, origin)
        (self.log, self.progress) = (log, progress)
    }

    /// How many of `pending` are in the cache now.
    public func doneCount() -> Int { pending.count { items.isDone($0, in: cache) } }
}

/// What a render was asked, enough for another process to plan the same template the same way.
public struct PlanOrigin: Codable, Sendable, Equatable {
    /// Absolute, so a task started in another folder finds it.
    public var templatePath: String
    /// The template's content hash when the render planned it: a shard refuses a template changed since.
    public var templateHash: String
    /// `--param` overrides, as (name, value) pairs.
    public var overrides: [[String]]
    /// `--allow-read` folders, absolute.
    public var allowedReadRoots: [String]

    public init(templatePath: String, templateHash: String, overrides: [(String, String)], allowedReadRoots: [URL]) {
        self.templatePath = URL(fileURLWithPath: templatePath).standardizedFileURL.path
        self.templateHash = templateHash
        self.overrides = overrides.map { [$0.0, $0.1] }
        self.allowedReadRoots = allowedReadRoots.map { $0.standardizedFileURL.path }
    }

    public var overridePairs: [(String, String)] { overrides.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil } }
}
