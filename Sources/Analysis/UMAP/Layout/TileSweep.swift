import LinearAlgebra

/// One task of an epoch's round: the edges due in this epoch in the tiles between two parts (both
/// directions) or in one part's own tile. For each edge visit, the attraction of its head and tail and
/// the repulsion of the head from its negative samples. The task's parts are its own during the round,
/// so heads and tails are read and moved in place.
struct TileSweep<Rows: LayoutRows>: Sendable {
    let rows: Rows
    let state: LayoutState
    let curve: LayoutCurve

    func run(_ pair: PartRounds.Pair, epoch t: Double, rate: Float) {
        let batch = SampleBatch(stride: rows.stride)
        defer { batch.deallocate() }
        sweep(from: pair.first, to: pair.second, epoch: t, rate: rate, batch: batch)
        if pair.first != pair.second { sweep(from: pair.second, to: pair.first, epoch: t, rate: rate, batch: batch) }
    }

    private func sweep(from headPart: Int, to tailPart: Int, epoch t: Double, rate: Float, batch: SampleBatch) {
        let n = state.count
        let stride = rows.stride
        // Plain pointers in the loop: reading them through the shared objects costs ARC traffic.
        let liveRows = state.live.pointer
        let frozenRows = state.frozen.pointer
        let edges = state.edges
        let heads = edges.heads.pointer
        let tails = edges.tails.pointer
        let nextSample = edges.nextSample.pointer
        let nextNegative = edges.nextNegative.pointer
        let perSample = edges.perSample.pointer
        let perNegative = edges.perNegative.pointer
        var generator = state.generators[headPart]
        defer { state.generators[headPart] = generator }
        for e in edges.tile(headPart, tailPart) where nextSample[e] <= t {
            let current = liveRows + Int(heads[e]) * stride
            let tail = liveRows + Int(tails[e]) * stride
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
                if first { batch.distances[0] = rows.measureTail(current, tail, in: batch) }
                // Negative samples are read as they were at the start of the epoch: uniform vertices,
                // from 32 random bits by multiply-shift.
                let words = generator.next()
                for lane in (first ? 1 : 0)..<lanes {
                    let m = Int((UInt64(words[lane]) &* UInt64(n)) >> 32)
                    batch.distances[lane] = rows.measure(current, frozenRows + m * stride, lane: lane, in: batch)
                }
                batch.computeCoefficients(lanes: lanes, tailInFirstLane: first, curve: curve)
                if first { rows.moveTail(tail, from: current, batch: batch, rate: rate) }
                rows.move(current, batch: batch, lanes: lanes, rate: rate)
                measured += lanes
            }
        }
    }
}
