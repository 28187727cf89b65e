import LinearAlgebra
import Synchronization
import Testing

@testable import Analysis

/// How the layout splits an epoch into tasks that may run at the same time.
@Suite struct UMAPScheduleTests {
    /// Whatever the threads do, each part sees its tasks in the order of the rounds, and every task
    /// runs once per epoch.
    @Test func tasksReachEachPartInRoundOrder() {
        let parts = 9
        let rounds = PartRounds(parts: parts)
        let expected = (0..<parts).map { part in rounds.rounds.flatMap { $0 }.filter { $0.first == part || $0.second == part } }
        let tasks = EpochTasks(rounds)
        let log = Mutex([[PartRounds.Pair]](repeating: [], count: parts))
        let busy = Mutex(Set<Int>())
        for _ in 0..<20 {
            log.withLock { $0 = [[PartRounds.Pair]](repeating: [], count: parts) }
            tasks.run(threads: 4) { pair in
                let owned = Set([pair.first, pair.second])
                busy.withLock { state in
                    #expect(state.isDisjoint(with: owned), "two running tasks share a part")
                    state.formUnion(owned)
                }
                for _ in 0..<(pair.first * 500) { _ = busy.withLock { $0.count } }
                log.withLock { for part in owned { $0[part].append(pair) } }
                busy.withLock { $0.subtract(owned) }
            }
            log.withLock { #expect($0 == expected) }
        }
    }

    /// Each edge is in exactly one tile, the one of its head's and its tail's parts, in head order.
    @Test func edgesAreGroupedByTheirEndsParts() throws {
        let n = 50
        let parts = 4
        var entries = [(row: Int, column: Int, weight: Float)]()
        for i in 0..<n { for j in [(i * 7 + 3) % n, (i * 13 + 1) % n] where j != i { entries.append((i, j, Float(1 + (i + j) % 5))) } }
        let graph = SparseGraph(count: n, entries: entries)
        let edges = LayoutEdges(graph, negativeSampleRate: 5, parts: parts)
        var found = [[Int]]()
        for a in 0..<parts {
            for b in 0..<parts {
                let tile = Array(edges.tile(a, b))
                for e in tile {
                    #expect(LayoutOptimizer.part(of: Int(edges.heads[e]), count: n, parts: parts) == a)
                    #expect(LayoutOptimizer.part(of: Int(edges.tails[e]), count: n, parts: parts) == b)
                    found.append([Int(edges.heads[e]), Int(edges.tails[e])])
                }
                #expect(tile.map { edges.heads[$0] } == tile.map { edges.heads[$0] }.sorted())
            }
        }
        #expect(
            found.sorted { $0.lexicographicallyPrecedes($1) }
                == graph.rowStart.indices.dropLast().flatMap { i in
                    graph.columns[graph.rowStart[i]..<graph.rowStart[i + 1]].map { [i, $0] }
                })
        // Each edge keeps its weight's schedule: sampled every max/w epochs.
        var weight = [[Int]: Float]()
        for i in 0..<n { for e in graph.rowStart[i]..<graph.rowStart[i + 1] { weight[[i, graph.columns[e]]] = graph.weights[e] } }
        let largest = Double(graph.weights.max()!)
        for e in 0..<edges.count {
            let w = try #require(weight[[Int(edges.heads[e]), Int(edges.tails[e])]])
            #expect(edges.perSample[e] == largest / Double(w))
        }
    }
}
