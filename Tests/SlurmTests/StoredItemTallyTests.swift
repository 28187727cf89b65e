import Testing

@testable import Slurm

/// The progress line's count of stored items: right at every look, and each look costs a lookup per
/// running shard and per item stored since the last, not one per item.
@Suite struct StoredItemTallyTests {
    /// A cache as a set of stored item indices, counting how often it is asked.
    private final class Cache {
        var stored = Set<Int>()
        var lookups = 0
        func isStored(_ item: Int) -> Bool {
            lookups += 1
            return stored.contains(item)
        }
    }

    @Test func eachLookCountsTheStoredItemsWithFewLookups() {
        // 3 shards of 4 items, as ShardPlan.split cuts 12 pending items (indices into the step's items).
        var tally = StoredItemTally(shards: [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])
        let cache = Cache()
        #expect(tally.count([.pending, .pending, .pending], isStored: cache.isStored) == 0)
        #expect(cache.lookups == 0, "pending shards are not looked at")

        cache.stored = [0, 1, 4]
        #expect(tally.count([.running, .running, .pending], isStored: cache.isStored) == 3)
        #expect(cache.lookups == 5)  // 0, 1, 2 (missing); 4, 5 (missing)

        // Nothing new: one lookup per running shard.
        cache.lookups = 0
        #expect(tally.count([.running, .running, .pending], isStored: cache.isStored) == 3)
        #expect(cache.lookups == 2)

        // Item 3 stored before 2 counts once 2 is there.
        cache.stored.insert(3)
        #expect(tally.count([.running, .running, .pending], isStored: cache.isStored) == 3)
        cache.stored.insert(2)
        cache.lookups = 0
        #expect(tally.count([.running, .running, .pending], isStored: cache.isStored) == 5)
        #expect(cache.lookups == 3)  // 2, 3, then the first shard is through; 5 (missing)

        // Shard 0 done: all its items without a lookup. Shard 1 ended without its marker after storing
        // 4 and 6 (out of order): both counted, its items looked up once, not again at the next look.
        cache.stored.formUnion([6, 8])
        cache.lookups = 0
        #expect(tally.count([.done, .failed, .running], isStored: cache.isStored) == 4 + 2 + 1)
        #expect(cache.lookups == 4 + 2)  // shard 1's four items; 8, 9 (missing)
        cache.lookups = 0
        #expect(tally.count([.done, .failed, .running], isStored: cache.isStored) == 7)
        #expect(cache.lookups == 1)

        #expect(tally.count([.done, .failed, .done], isStored: cache.isStored) == 4 + 2 + 4)
    }

    @Test func aRequeuedShardKeepsWhatItStored() {
        var tally = StoredItemTally(shards: [[0, 1, 2]])
        let cache = Cache()
        cache.stored = [0]
        #expect(tally.count([.running], isStored: cache.isStored) == 1)
        // Preempted and requeued: pending again, its stored item still counts.
        #expect(tally.count([.pending], isStored: cache.isStored) == 1)
    }
}
