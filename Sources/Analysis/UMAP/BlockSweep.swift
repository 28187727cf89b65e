/// One epoch of the layout over one block's edges: for each edge due in this epoch, the attraction of its
/// head and tail and the repulsion of the head from its negative samples.
struct BlockSweep<Rows: LayoutRows>: Sendable {
    let rows: Rows
    let state: LayoutState
    let curve: LayoutCurve

    func run(block: Int, epoch t: Double, rate: Float) {
        let n = state.count, stride = rows.stride
        let owned = LayoutOptimizer.vertices(ofBlock: block, count: n, blocks: state.blocks)
        // Plain pointers in the loop: reading them through the shared objects costs ARC traffic.
        let liveRows = state.live.pointer, frozenRows = state.frozen.pointer
        let edges = state.edges
        let heads = edges.heads.pointer, tails = edges.tails.pointer
        let nextSample = edges.nextSample.pointer, nextNegative = edges.nextNegative.pointer
        let perSample = edges.perSample.pointer, perNegative = edges.perNegative.pointer
        let queue = state.queues[block]
        let moves = queue.moves, values = queue.values
        var moveCount = 0
        defer { queue.count = moveCount; queue.group(blockOf: state.blockOf.pointer) }
        let batch = SampleBatch()
        defer { batch.deallocate() }
        var generator = state.generators[block]
        defer { state.generators[block] = generator }
        for e in state.edgeStart[block]..<state.edgeStart[block + 1] where nextSample[e] <= t {
            let j = Int(heads[e]), k = Int(tails[e])
            let current = liveRows + j * stride
            let tailOwned = owned.contains(k)
            let tail = (tailOwned ? liveRows : frozenRows) + k * stride
            nextSample[e] += perSample[e]
            let negatives = max(Int((t - nextNegative[e]) / perNegative[e]), 0)
            nextNegative[e] += Double(negatives) * perNegative[e]
            // The tail and the negative samples of a batch are all measured from the head's position
            // before any of them moves it, and their steps are summed: to first order in the learning
            // rate this is umap-learn's one-by-one update, and it turns a chain of dependent scalar
            // updates into one vectorised pass per batch.
            var measured = 0
            while measured < negatives + 1 {
                let first = measured == 0
                let lanes = min(negatives + 1 - measured, SampleBatch.lanes)
                if first { batch.distances[0] = rows.measure(current, tail, lane: 0, in: batch) }
                // Negative samples are read as they were at the start of the epoch, even the block's own
                // vertices: uniform vertices, from 32 random bits by multiply-shift.
                let words = generator.next()
                for lane in (first ? 1 : 0)..<lanes {
                    let m = Int((UInt64(words[lane]) &* UInt64(n)) >> 32)
                    batch.distances[lane] = rows.measure(current, frozenRows + m * stride, lane: lane, in: batch)
                }
                batch.computeCoefficients(lanes: lanes, tailInFirstLane: first, curve: curve)
                if first {
                    if tailOwned {
                        rows.moveTail(tail, from: current, batch: batch, rate: rate)
                    } else {
                        moves[moveCount] = Int32(k)
                        rows.queueTailMove(values + moveCount * stride, from: current, batch: batch, rate: rate)
                        moveCount += 1
                    }
                }
                rows.move(current, batch: batch, lanes: lanes, rate: rate)
                measured += lanes
            }
        }
    }
}
