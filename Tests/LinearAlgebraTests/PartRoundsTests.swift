import LinearAlgebra
import Testing

/// Pairs of parts in rounds of disjoint tasks (the k-NN's tiles, the UMAP layout's edge tiles).
@Suite struct PartRoundsTests {
    @Test(arguments: [1, 2, 3, 4, 7, 16, 17])
    func roundsCoverEveryTileOnceWithDisjointTasks(parts: Int) {
        let rounds = PartRounds(parts: parts).rounds
        var seen = Set<[Int]>()
        for round in rounds {
            var busy = Set<Int>()
            for pair in round {
                #expect(pair.first <= pair.second && pair.second < parts)
                #expect(seen.insert([pair.first, pair.second]).inserted, "parts \(parts): \(pair) twice")
                #expect(
                    busy.insert(pair.first).inserted && (pair.first == pair.second || busy.insert(pair.second).inserted),
                    "parts \(parts): a part in two tasks of one round")
            }
        }
        #expect(seen.count == parts * (parts + 1) / 2)
    }
}
