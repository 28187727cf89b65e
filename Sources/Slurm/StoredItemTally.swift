/// Where a shard of an array stands, as the follower sees it.
enum ShardPhase: Sendable {
    /// Not submitted yet, or waiting in the queue.
    case pending
    case running
    /// Ended with its done marker: every item is stored.
    case done
    /// Ended without its done marker.
    case failed
}

/// How many of a sharded step's items are in the cache, for the progress line, without looking every
/// item up at every poll: that is a stat per item per second, 12 000 at the seed's scale, which on the
/// network file system a cluster's cache lives on loads the server and makes each look take seconds.
///
/// A shard with its done marker counts all its items unlooked; a pending one none; a running one its
/// leading items found so far, each found once (tasks store their items roughly in order, so one stored
/// early counts as soon as those before it do); a failed one all it stored, looked up once when it ended.
/// A look costs a lookup per running shard and per item stored since the last look.
struct StoredItemTally: Sendable {
    /// Per shard, the indices of its items (the shard plan's).
    let shards: [[Int]]
    /// Per shard, how many of its first items were found stored.
    private var leading: [Int]
    /// Shards that ended without their done marker: the items they stored.
    private var failed: [Int: Int] = [:]

    init(shards: [[Int]]) {
        self.shards = shards
        leading = Array(repeating: 0, count: shards.count)
    }

    /// Items stored now; `isStored` looks one item (an index into the step's work items) up in the cache.
    mutating func count(_ phases: [ShardPhase], isStored: (Int) -> Bool) -> Int {
        var total = 0
        for (shard, items) in shards.enumerated() {
            switch phases[shard] {
            case .pending: total += leading[shard]
            case .done: total += items.count
            case .running:
                while leading[shard] < items.count, isStored(items[leading[shard]]) { leading[shard] += 1 }
                total += leading[shard]
            case .failed:
                let stored = failed[shard] ?? items.count { isStored($0) }
                failed[shard] = stored
                total += stored
            }
        }
        return total
    }
}
