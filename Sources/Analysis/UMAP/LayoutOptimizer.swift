import Dispatch
import Foundation
import LinearAlgebra

/// UMAP's stochastic gradient descent on the embedding (umap-learn `optimize_layout_euclidean`,
/// docs: ALGORITHMS.md §5 fact 10): attraction along graph edges sampled in proportion to their weight,
/// repulsion from negative samples, gradients clipped to ±4, learning rate decaying linearly.
/// The same seed gives the same embedding bit for bit, whatever the number of threads.
struct LayoutOptimizer {
    let graph: SparseGraph
    let curve: CurveParameters
    let epochs: Int
    let learningRate: Double
    let negativeSampleRate: Double
    let repulsionStrength: Double

    func optimize(_ embedding: inout [Float], dimensions dim: Int, seeds: (Int64, Int64, Int64)) {
        let n = graph.count
        let edges = Edges(graph, negativeSampleRate: negativeSampleRate)
        guard edges.count > 0 else { return }
        let live = Buffer(embedding), frozen = Buffer(embedding)
        // One Tausworthe state per vertex: the seeds plus the bits of its initial first coordinate.
        let states = Buffer<Int64>(count: n * 3, repeating: 0)
        for v in 0..<n {
            let offset = Int64(bitPattern: Double(embedding[v * dim]).bitPattern)
            states[v * 3] = seeds.0 &+ offset; states[v * 3 + 1] = seeds.1 &+ offset; states[v * 3 + 2] = seeds.2 &+ offset
        }
        let a = Float(curve.a), b = Float(curve.b)
        let attraction = -2 * a * b, repulsion = Float(2 * repulsionStrength) * b
        // Vertices are split into a fixed number of contiguous blocks, each worked on by one thread.
        // A block moves its own vertices at once, reads other blocks' vertices as they were at the
        // start of the epoch, and queues its moves of other blocks' vertices, which are applied after
        // the epoch in block order. So the result depends on the block count, never on the threads.
        let blocks = min(Self.blockCount, n)
        // Edges are in head order: block b's edges are those from its first head on.
        var starts = [Int]()
        var e = 0
        for block in 0..<blocks {
            while e < edges.count && Self.block(of: Int(edges.heads[e]), count: n, blocks: blocks) < block { e += 1 }
            starts.append(e)
        }
        starts.append(edges.count)
        let edgeStart = starts
        let queues = (0..<blocks).map { MoveQueue(capacity: edgeStart[$0 + 1] - edgeStart[$0], dimensions: dim) }
        for epoch in 0..<epochs {
            let rate = Float(learningRate * (1 - Double(epoch) / Double(epochs)))
            let t = Double(epoch)
            frozen.pointer.update(from: live.pointer, count: n * dim)
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let owned = Self.vertices(ofBlock: block, count: n, blocks: blocks)
                // Plain pointers in the loop: reading them through the shared objects costs ARC traffic.
                let liveRows = live.pointer, frozenRows = frozen.pointer, states = states.pointer
                let heads = edges.heads.pointer, tails = edges.tails.pointer
                let nextSample = edges.nextSample.pointer, nextNegative = edges.nextNegative.pointer
                let perSample = edges.perSample.pointer, perNegative = edges.perNegative.pointer
                @inline(__always) func row(_ v: Int) -> UnsafeMutablePointer<Float> {
                    (owned.contains(v) ? liveRows : frozenRows) + v * dim
                }
                let queue = queues[block]
                let moves = queue.moves, values = queue.values
                var moveCount = 0
                defer { queue.count = moveCount }
                let alpha = rate
                let step = UnsafeMutablePointer<Float>.allocate(capacity: dim)
                let samples = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: Self.batch)
                let distances = UnsafeMutablePointer<Float>.allocate(capacity: Self.batch)
                let coefficients = UnsafeMutablePointer<Float>.allocate(capacity: Self.batch)
                defer { step.deallocate(); samples.deallocate(); distances.deallocate(); coefficients.deallocate() }
                for e in edgeStart[block]..<edgeStart[block + 1] where nextSample[e] <= t {
                    let j = Int(heads[e]), k = Int(tails[e])
                    let current = liveRows + j * dim, other = row(k)
                    let d2 = Self.squaredDistance(current, other, dim)
                    if d2 > 0 {
                        let p = FastPower.power(d2, b)
                        let coefficient = attraction * p / (d2 * (a * p + 1))
                        if owned.contains(k) {
                            for d in 0..<dim {
                                let g = clip(coefficient * (current[d] - other[d])) * alpha
                                current[d] += g
                                other[d] -= g
                            }
                        } else {
                            moves[moveCount] = Int32(k)
                            let move = values + moveCount * dim
                            moveCount += 1
                            for d in 0..<dim {
                                let g = clip(coefficient * (current[d] - other[d])) * alpha
                                current[d] += g
                                move[d] = -g
                            }
                        }
                    }
                    nextSample[e] += perSample[e]
                    let negatives = Int((t - nextNegative[e]) / perNegative[e])
                    guard negatives > 0 else { continue }
                    let state = states + j * 3
                    // All of an edge's negative samples are measured from the head's position before
                    // any of them moves it, and their steps are summed: to first order in the learning
                    // rate this is umap-learn's one-by-one update, and it removes the chain of dependent
                    // updates that made each sample wait for the previous one.
                    step.update(repeating: 0, count: dim)
                    var done = 0
                    while done < negatives {
                        // Up to a batch of samples: draw and measure them, then their coefficients
                        // in one loop (which vectorises), then their steps.
                        let count = Swift.min(negatives - done, Self.batch)
                        for i in 0..<count {
                            // A uniform vertex from the 32 random bits by multiply-shift (no division).
                            let m = Int((UInt64(UInt32(bitPattern: Self.tauRandInt(state))) &* UInt64(n)) >> 32)
                            samples[i] = row(m)
                            distances[i] = Self.squaredDistance(current, samples[i], dim)
                        }
                        for i in 0..<count {
                            let s2 = distances[i]
                            coefficients[i] = repulsion / ((0.001 + s2) * (a * FastPower.power(s2, b) + 1))
                        }
                        for i in 0..<count where distances[i] > 0 {
                            let coefficient = coefficients[i], sample = samples[i]
                            for d in 0..<dim { step[d] += clip(coefficient * (current[d] - sample[d])) }
                        }
                        done += count
                    }
                    for d in 0..<dim { current[d] += step[d] * alpha }
                    nextNegative[e] += Double(negatives) * perNegative[e]
                }
            }
            // Queued moves of other blocks' vertices, in block order.
            for queue in queues {
                for index in 0..<queue.count {
                    let target = live.pointer + Int(queue.moves[index]) * dim, source = queue.values + index * dim
                    for d in 0..<dim { target[d] += source[d] }
                }
            }
        }
        embedding.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: live.pointer, count: n * dim) }
    }

    /// The block a vertex belongs to: ⌊v·B/n⌋.
    static func block(of vertex: Int, count n: Int, blocks: Int) -> Int { vertex * blocks / n }

    /// Exactly the vertices v with block(of: v) == b: ⌈b·n/B⌉ ≤ v < ⌈(b+1)·n/B⌉. Any other split would let
    /// two workers move the same vertex.
    static func vertices(ofBlock b: Int, count n: Int, blocks: Int) -> Range<Int> {
        ((b * n + blocks - 1) / blocks)..<(((b + 1) * n + blocks - 1) / blocks)
    }

    /// Negative samples measured together.
    private static let batch = 8

    /// Blocks of vertices worked on in parallel; fixed, so results do not depend on the machine.
    static let blockCount = 16

    @inline(__always) private static func squaredDistance(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                                          _ dim: Int) -> Float {
        // Four partial sums: a single chain of dependent additions would leave the FPU waiting.
        var (s0, s1, s2, s3): (Float, Float, Float, Float) = (0, 0, 0, 0)
        var d = 0
        while d + 4 <= dim {
            let a0 = x[d] - y[d], a1 = x[d + 1] - y[d + 1], a2 = x[d + 2] - y[d + 2], a3 = x[d + 3] - y[d + 3]
            s0 += a0 * a0; s1 += a1 * a1; s2 += a2 * a2; s3 += a3 * a3
            d += 4
        }
        while d < dim { let a = x[d] - y[d]; s0 += a * a; d += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// umap-learn's `clip`: to ±4.
    @inline(__always) private func clip(_ x: Float) -> Float { min(max(x, -4), 4) }

    /// umap-learn's three-component Tausworthe generator (Int64 arithmetic, arithmetic shifts).
    @inline(__always) static func tauRandInt(_ state: UnsafeMutablePointer<Int64>) -> Int32 {
        let mask: Int64 = 0xFFFF_FFFF
        var s0 = state[0], s1 = state[1], s2 = state[2]
        s0 = (((s0 & 0xFFFF_FFFE) << 12) & mask) ^ ((((s0 << 13) & mask) ^ s0) >> 19)
        s1 = (((s1 & 0xFFFF_FFF8) << 4) & mask) ^ ((((s1 << 2) & mask) ^ s1) >> 25)
        s2 = (((s2 & 0xFFFF_FFF0) << 17) & mask) ^ ((((s2 << 3) & mask) ^ s2) >> 11)
        state[0] = s0; state[1] = s1; state[2] = s2
        return Int32(truncatingIfNeeded: s0 ^ s1 ^ s2)
    }
}

/// The graph's edges as the layout samples them: in head order, with umap-learn's epoch schedules
/// (an edge of weight w is sampled every max/w epochs, its negatives rate times as often).
private final class Edges: @unchecked Sendable {
    let count: Int
    let heads: Buffer<Int32>, tails: Buffer<Int32>
    let perSample: Buffer<Double>, perNegative: Buffer<Double>
    /// Written by the block that owns the edge's head only.
    let nextSample: Buffer<Double>, nextNegative: Buffer<Double>

    init(_ graph: SparseGraph, negativeSampleRate: Double) {
        count = graph.columns.count
        heads = Buffer(count: count, repeating: 0); tails = Buffer(count: count, repeating: 0)
        perSample = Buffer(count: count, repeating: 0); perNegative = Buffer(count: count, repeating: 0)
        let largest = Double(graph.weights.max() ?? 1)
        for i in 0..<graph.count {
            for e in graph.rowStart[i]..<graph.rowStart[i + 1] {
                heads[e] = Int32(i); tails[e] = Int32(graph.columns[e])
                perSample[e] = largest / Double(graph.weights[e])
                perNegative[e] = perSample[e] / negativeSampleRate
            }
        }
        nextSample = Buffer(copying: perSample); nextNegative = Buffer(copying: perNegative)
    }
}

/// A fixed-size array the block workers share, each touching only its own entries.
private final class Buffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    let count: Int

    init(count: Int, repeating value: T) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: value, count: count)
    }

    init(_ values: [T]) {
        count = values.count
        pointer = .allocate(capacity: count)
        pointer.initialize(from: values, count: count)
    }

    convenience init(copying other: Buffer<T>) {
        self.init(count: other.count, repeating: other.pointer.pointee)
        pointer.update(from: other.pointer, count: count)
    }

    subscript(index: Int) -> T {
        @inline(__always) get { pointer[index] }
        @inline(__always) set { pointer[index] = newValue }
    }

    deinit { pointer.deinitialize(count: count); pointer.deallocate() }
}

/// One block's queued moves of other blocks' vertices in one epoch: the vertex, and `dim` numbers per
/// move in `values`. Room for one move per edge of the block, the most an epoch can queue.
private final class MoveQueue: @unchecked Sendable {
    let moves: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Float>
    var count = 0

    init(capacity: Int, dimensions: Int) {
        moves = .allocate(capacity: max(capacity, 1))
        values = .allocate(capacity: max(capacity * dimensions, 1))
    }

    deinit { moves.deallocate(); values.deallocate() }
}
