import DirectiveLibrary
import Foundation
import LinearAlgebra
import ReportEngine
import ReportTestSupport
import Synchronization
import TestSupport
import Testing

/// UMAP's neighbour graph is a cached item of its own: the `umap` steps on one input, the seeds of
/// `stability` and the dimensions and shards of `agreement_sweep` build it once between them, counted by
/// the line each build logs; a changed `n_neighbors` builds a new one.
@Suite struct NeighbourGraphSharingTests {
    /// Every line logged, by the render and by its shards.
    final class Lines: Sendable {
        let all = Mutex([String]())
        func append(_ line: String) { all.withLock { $0.append(line) } }
        var builds: [String] { all.withLock { $0 }.filter { $0.contains("built the neighbour graph") } }
    }

    /// Computes each shard in this process with a renderer that logs into `lines`.
    final class ShardsHere: ShardExecutor {
        let lines: Lines
        let steps = Mutex([String]())
        init(lines: Lines) { self.lines = lines }

        func compute(_ work: ShardWork) throws {
            steps.withLock { $0.append(work.directive) }
            let plan = ShardPlan(
                origin: work.origin, stepID: work.stepID, directive: work.directive, cacheDirectory: work.cache.directory,
                unit: work.items.unit, shards: ShardPlan.split(work.pending, into: 2))
            let renderer = Renderer(cacheDirectory: work.cache.directory, log: lines.append)
            for index in plan.shards.indices { try renderer.computeShard(plan, index: index) }
        }

        func cancelAll() -> String? { nil }
    }

    static func template(u3Neighbors: Int) -> String {
        """
        ---
        seed: 1
        ---
        ```{load #x}
        path: x.npy
        ```
        ```{load #g}
        path: g.npy
        ```
        ```{umap #u}
        input: x
        n_neighbors: 10
        n_epochs: 60
        ```
        ```{umap #u3}
        input: x
        n_components: 3
        n_neighbors: \(u3Neighbors)
        n_epochs: 60
        ```
        ```{optics #o}
        input: u
        min_samples: 8
        ```
        ```{composition #c}
        clusters: o
        by: g
        ```
        ```{agreement_sweep #sw}
        a: x
        b: x
        dims: 2..4
        n_neighbors: 10
        min_samples: 8
        ```
        ```{stability #st}
        values: [c.accuracy, sw.min_ari, u3.n_components]
        seeds: [2, 3]
        ```

        """
    }

    @Test func seedsShardsAndStepsOnOneInputBuildTheGraphOnce() throws {
        let workspace = try Workspace()
        let count = 120
        try workspace.write("x.npy", NPYCodec.encode(NPYArray(TestData.randomMatrix(rows: count, columns: 10, seed: 5))))
        try workspace.write("g.npy", NPYCodec.encode(NPYArray(shape: [count], elements: .int64((0..<count).map { $0 % 2 }))))
        try workspace.write(Self.template(u3Neighbors: 10))
        let lines = Lines()
        let executor = ShardsHere(lines: lines)
        try Renderer(cacheDirectory: workspace.cache, log: lines.append, executor: .always(executor)).render(
            workspace.templatePath, to: workspace.output("r"))
        #expect(executor.steps.withLock { Set($0) } == ["agreement_sweep", "stability"])
        // One graph for the umap steps' settings (n_epochs 60), one for the sweep's (the default epochs):
        // u and u3 at once, the sweep's two inputs, its shards, and both seeds' reruns of all of them.
        let builds = lines.builds
        #expect(builds.count == 2, "\(builds)")
        let all = lines.all.withLock { $0 }
        #expect([2, 3].allSatisfy { seed in all.contains { $0.contains("computed umap #u3 for seed \(seed)") } }, "\(all)")

        // Another n_neighbors for u3: its graph alone is new.
        try workspace.write(Self.template(u3Neighbors: 12))
        let again = Lines()
        try Renderer(cacheDirectory: workspace.cache, log: again.append, executor: .always(ShardsHere(lines: again))).render(
            workspace.templatePath, to: workspace.output("r"))
        #expect(again.builds.count == 1 && again.builds[0].contains("#u3") && again.builds[0].contains("n_neighbors 12"), "\(again.builds)")
    }
}
