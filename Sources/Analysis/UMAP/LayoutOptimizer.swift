import LinearAlgebra

/// UMAP's stochastic gradient descent on the embedding (umap-learn `optimize_layout_euclidean`,
/// docs: ALGORITHMS.md §5 fact 10): attraction along graph edges sampled in proportion to their weight,
/// repulsion from negative samples, gradients clipped to ±4, learning rate decaying linearly.
/// The same seed gives the same embedding bit for bit, whatever the number of threads.
///
/// Vertices are split into a fixed number of contiguous parts, and the edges into tiles by the parts of
/// their two ends. An epoch works through the tiles in rounds (`PartRounds`) whose tasks touch disjoint
/// parts, so they run in parallel and move both ends of an edge in place; negative samples are read as
/// they were at the start of the epoch. The result depends on the part count, never on the threads.
struct LayoutOptimizer {
    let graph: SparseGraph
    let curve: CurveParameters
    let epochs: Int
    let learningRate: Double
    let negativeSampleRate: Double
    let repulsionStrength: Double

    func optimize(_ embedding: inout [Float], dimensions dim: Int, random: inout SeededGenerator) {
        if dim == 2 {
            optimize(&embedding, dimensions: dim, rows: PlaneRows(), random: &random)
        } else {
            optimize(&embedding, dimensions: dim, rows: PaddedRows(width: dim), random: &random)
        }
    }

    private func optimize<Rows: LayoutRows>(_ embedding: inout [Float], dimensions dim: Int, rows: Rows,
                                            random: inout SeededGenerator) {
        let n = graph.count, stride = rows.stride
        let edges = LayoutEdges(graph, negativeSampleRate: negativeSampleRate, parts: min(Self.partCount, n))
        guard edges.count > 0 else { return }
        let state = LayoutState(embedding: embedding, dimensions: dim, stride: stride, edges: edges, random: &random)
        let sweep = TileSweep(rows: rows, state: state, curve: LayoutCurve(curve, repulsionStrength: repulsionStrength))
        let tasks = EpochTasks(PartRounds(parts: edges.parts))
        for epoch in 0..<epochs {
            let rate = Float(learningRate * (1 - Double(epoch) / Double(epochs)))
            state.snapshot()
            tasks.run { sweep.run($0, epoch: Double(epoch), rate: rate) }
        }
        for v in 0..<n { for d in 0..<dim { embedding[v * dim + d] = state.live[v * stride + d] } }
    }

    /// The part a vertex belongs to: ⌊v·P/n⌋, so parts are contiguous and differ in size by at most one.
    static func part(of vertex: Int, count n: Int, parts: Int) -> Int { vertex * parts / n }

    /// Parts of the vertices; fixed, so results do not depend on the machine.
    static let partCount = 16
}
