import Dispatch
import LinearAlgebra

/// UMAP's stochastic gradient descent on the embedding (umap-learn `optimize_layout_euclidean`,
/// docs: ALGORITHMS.md §5 fact 10): attraction along graph edges sampled in proportion to their weight,
/// repulsion from negative samples, gradients clipped to ±4, learning rate decaying linearly.
/// The same seed gives the same embedding bit for bit, whatever the number of threads.
///
/// Vertices are split into a fixed number of contiguous blocks, each worked on by one thread at a time.
/// A block moves its own vertices at once, reads other blocks' vertices as they were at the start of the
/// epoch, and queues its moves of other blocks' vertices; before the next epoch each block adds the
/// moves queued for it, in block order. So the result depends on the block count, never on the threads.
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
        let blocks = min(Self.blockCount, n)
        let edges = LayoutEdges(graph, negativeSampleRate: negativeSampleRate)
        guard edges.count > 0 else { return }
        let state = LayoutState(embedding: embedding, dimensions: dim, stride: stride, edges: edges, blocks: blocks,
                                random: &random)
        let sweep = BlockSweep(rows: rows, state: state, curve: LayoutCurve(curve, repulsionStrength: repulsionStrength))
        for epoch in 0..<epochs {
            let rate = Float(learningRate * (1 - Double(epoch) / Double(epochs)))
            DispatchQueue.concurrentPerform(iterations: blocks) { state.receiveQueuedMoves(block: $0, snapshot: true) }
            DispatchQueue.concurrentPerform(iterations: blocks) { sweep.run(block: $0, epoch: Double(epoch), rate: rate) }
        }
        DispatchQueue.concurrentPerform(iterations: blocks) { state.receiveQueuedMoves(block: $0, snapshot: false) }
        for v in 0..<n { for d in 0..<dim { embedding[v * dim + d] = state.live[v * stride + d] } }
    }

    /// The block a vertex belongs to: ⌊v·B/n⌋.
    static func block(of vertex: Int, count n: Int, blocks: Int) -> Int { vertex * blocks / n }

    /// Exactly the vertices v with block(of: v) == b: ⌈b·n/B⌉ ≤ v < ⌈(b+1)·n/B⌉. Any other split would let
    /// two workers move the same vertex.
    static func vertices(ofBlock b: Int, count n: Int, blocks: Int) -> Range<Int> {
        ((b * n + blocks - 1) / blocks)..<(((b + 1) * n + blocks - 1) / blocks)
    }

    /// Blocks of vertices worked on in parallel; fixed, so results do not depend on the machine.
    static let blockCount = 16
}
