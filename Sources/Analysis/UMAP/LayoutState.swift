import LinearAlgebra

/// What the block workers share during the layout: the embedding's rows (live, and as they were at the
/// start of the epoch), the edges, and per block its edge range, queued moves and random generator.
final class LayoutState: @unchecked Sendable {
    let count: Int, stride: Int, blocks: Int
    let live: LayoutBuffer<Float>, frozen: LayoutBuffer<Float>
    let edges: LayoutEdges
    /// Block b's edges are `edgeStart[b] ..< edgeStart[b + 1]`.
    let edgeStart: [Int]
    let queues: [MoveQueue]
    let blockOf: LayoutBuffer<UInt8>
    /// One generator per block, used by whichever thread works on the block.
    let generators: LayoutBuffer<LaneRandom>

    init(embedding: [Float], dimensions dim: Int, stride: Int, edges: LayoutEdges, blocks: Int,
         random: inout SeededGenerator) {
        let n = embedding.count / dim
        (count, self.stride, self.blocks, self.edges) = (n, stride, blocks, edges)
        live = LayoutBuffer(count: n * stride, repeating: 0)
        for v in 0..<n { for d in 0..<dim { live[v * stride + d] = embedding[v * dim + d] } }
        frozen = LayoutBuffer(copying: live)
        blockOf = LayoutBuffer(count: n, repeating: 0)
        for v in 0..<n { blockOf[v] = UInt8(LayoutOptimizer.block(of: v, count: n, blocks: blocks)) }
        // Edges are in head order: block b's edges are those from its first head on.
        var starts = [Int]()
        var e = 0
        for block in 0..<blocks {
            while e < edges.count && Int(blockOf[Int(edges.heads[e])]) < block { e += 1 }
            starts.append(e)
        }
        starts.append(edges.count)
        edgeStart = starts
        queues = (0..<blocks).map { MoveQueue(capacity: starts[$0 + 1] - starts[$0], stride: stride, blocks: blocks) }
        generators = LayoutBuffer(count: blocks, repeating: LaneRandom(&random))
        for block in 1..<blocks { generators[block] = LaneRandom(&random) }
    }

    /// Block `block` takes the moves other blocks queued for its vertices (in block order, so the sums do
    /// not depend on the threads) and, for another epoch, copies its rows as the epoch's starting point.
    func receiveQueuedMoves(block: Int, snapshot: Bool) {
        for queue in queues { queue.apply(block: block, to: live.pointer, stride: stride) }
        if snapshot {
            let owned = LayoutOptimizer.vertices(ofBlock: block, count: count, blocks: blocks)
            (frozen.pointer + owned.lowerBound * stride)
                .update(from: live.pointer + owned.lowerBound * stride, count: owned.count * stride)
        }
    }
}
