/// A directive whose work splits into items computed apart from one another — images, dimensions,
/// seeds — each stored in the cache as soon as it is done. Such a step can be spread over other
/// processes or machines (`--executor slurm`): they compute the items into a shared cache, and the
/// step's `run` then finds every item there and only gathers them. Everything else about the step is
/// as without sharding: `run` computes whatever items are still missing itself.
public protocol ShardedDirective: Directive {
    /// What one item is, plural ("images", "dimensions", "seeds"): in progress lines and the reference.
    var shardUnit: String { get }
    /// The options that say which items there are (the images, the ids, how many), not how one is
    /// computed. The engine leaves them out of the items' keys (`RunContext.itemKey`), so that adding an
    /// item leaves the others' keys as they were; every other part of the step's key is in each item's.
    var itemSelectingOptions: [any OptionKey] { get }
    /// Every item of the step with these inputs, in a fixed order (indices into it name items in a shard
    /// plan), with the cache entries that hold each: `context.itemKey` of what the item is.
    func workItems(_ context: RunContext) throws -> WorkItems
    /// Computes the items at `indices` (into `workItems`) that are not in the cache and stores each in
    /// `context.cache` as soon as it is done, so a shard cut short keeps what it finished.
    func computeItems(_ indices: [Int], _ context: RunContext) throws
}

/// A sharded step's items: what one is called and where each is kept.
public struct WorkItems: Sendable, Equatable {
    /// What is counted, plural: "images", "dimensions", "seeds".
    public let unit: String
    /// Per item, the cache keys that must all be present for the item to be done (none: nothing to do).
    public let entries: [[String]]

    public init(unit: String, entries: [[String]]) { (self.unit, self.entries) = (unit, entries) }

    public var count: Int { entries.count }

    /// The indices of the items not (completely) in `cache`.
    public func pending(in cache: ResultCache) -> [Int] {
        entries.indices.filter { !isDone($0, in: cache) }
    }

    public func isDone(_ index: Int, in cache: ResultCache) -> Bool {
        entries[index].allSatisfy(cache.contains)
    }
}
