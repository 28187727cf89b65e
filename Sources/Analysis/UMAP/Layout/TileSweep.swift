import CKernels
import LinearAlgebra

/// One task of an epoch's round: the edges due in this epoch in the tiles between two parts (both
/// directions) or in one part's own tile. For each edge visit, the attraction of its head and tail and
/// the repulsion of the head from its negative samples. The task's parts are its own during the round,
/// so heads and tails are read and moved in place.
///
/// The loop runs in C (CKernels: `litmus_umap_sweep`, the widest version the CPU has); `referenceSweep`
/// below is its definition in Swift, which every C version reproduces bit for bit (tested).
struct TileSweep<Rows: LayoutRows>: Sendable {
    let rows: Rows
    let state: LayoutState
    let curve: LayoutCurve
    /// The C version to run; nil runs the Swift definition.
    let kernel: VectorISA?

    func run(_ pair: PartRounds.Pair, epoch t: Double, rate: Float) {
        let batch = SampleBatch(stride: rows.stride)
        defer { batch.deallocate() }
        func sweep(from head: Int, to tail: Int) {
            if let kernel {
                kernelSweep(from: head, to: tail, epoch: t, rate: rate, batch: batch, isa: kernel)
            } else {
                referenceSweep(from: head, to: tail, epoch: t, rate: rate, batch: batch)
            }
        }
        sweep(from: pair.first, to: pair.second)
        if pair.first != pair.second { sweep(from: pair.second, to: pair.first) }
    }

    private func kernelSweep(from headPart: Int, to tailPart: Int, epoch t: Double, rate: Float, batch: SampleBatch, isa: VectorISA) {
        let edges = state.edges
        let tile = edges.tile(headPart, tailPart)
        guard !tile.isEmpty else { return }
        var layout = litmus_umap_layout(
            live: state.live.pointer, frozen: state.frozen.pointer, count: state.count, stride: rows.stride,
            heads: edges.heads.pointer, tails: edges.tails.pointer, next_sample: edges.nextSample.pointer,
            next_negative: edges.nextNegative.pointer, per_sample: edges.perSample.pointer, per_negative: edges.perNegative.pointer,
            a: curve.a, b: curve.b, attraction: curve.attraction, repulsion: curve.repulsion)
        var scratch = litmus_umap_batch(
            distances: batch.distances, coefficients: batch.coefficients, dx: batch.dx, dy: batch.dy,
            samples: UnsafeMutableRawPointer(batch.samples).assumingMemoryBound(to: UnsafePointer<Float>?.self),
            tail_copy: batch.tailCopy)
        state.generators[headPart].withWords { words in
            litmus_umap_sweep_isa(isa.kernel, &layout, tile.lowerBound, tile.upperBound, t, rate, words, &scratch)
        }
    }

    /// The definition of the sweep the C kernel runs.
    private func referenceSweep(from headPart: Int, to tailPart: Int, epoch t: Double, rate: Float, batch: SampleBatch) {
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
