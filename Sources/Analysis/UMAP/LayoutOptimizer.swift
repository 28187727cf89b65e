import Dispatch
import Foundation
import LinearAlgebra

/// UMAP's stochastic gradient descent on the embedding (umap-learn `optimize_layout_euclidean`,
/// docs: ALGORITHMS.md §5 fact 10): attraction along graph edges sampled in proportion to their weight,
/// repulsion from negative samples, gradients clipped to ±4, learning rate decaying linearly.
/// Sequential, so the same seed gives the same embedding bit for bit.
struct LayoutOptimizer {
    let graph: SparseGraph
    let curve: CurveParameters
    let epochs: Int
    let learningRate: Double
    let negativeSampleRate: Double
    let repulsionStrength: Double

    func optimize(_ embedding: inout [Float], dimensions dim: Int, seeds: (Int64, Int64, Int64)) {
        let n = graph.count
        var heads = [Int32](), tails = [Int32](), weights = [Float]()
        for i in 0..<n {
            for e in graph.rowStart[i]..<graph.rowStart[i + 1] {
                heads.append(Int32(i)); tails.append(Int32(graph.columns[e])); weights.append(graph.weights[e])
            }
        }
        let edgeCount = heads.count
        guard edgeCount > 0 else { return }
        let maxWeight = weights.max()!
        let epochsPerSample = weights.map { Double(maxWeight) / Double($0) }
        let epochsPerNegative = epochsPerSample.map { $0 / negativeSampleRate }
        let nextSample = epochsPerSample
        let nextNegative = epochsPerNegative
        // One Tausworthe state per vertex: the seeds plus the bits of its initial first coordinate.
        var states = [Int64](repeating: 0, count: n * 3)
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
        let blockOf = { (v: Int) in Self.block(of: v, count: n, blocks: blocks) }
        // Edges are in head order: block b's edges are those from its first head on.
        var starts = [Int]()
        var e = 0
        for block in 0..<blocks {
            while e < edgeCount && blockOf(Int(heads[e])) < block { e += 1 }
            starts.append(e)
        }
        starts.append(edgeCount)
        let edgeStart = starts
        var snapshot = embedding
        let queues = (0..<blocks).map { _ in MoveQueue() }
        let context = Shared(heads: heads, tails: tails, perSample: epochsPerSample, perNegative: epochsPerNegative)
        let nextSampleBox = Box(nextSample), nextNegativeBox = Box(nextNegative), stateBox = Box(states)
        for epoch in 0..<epochs {
            let alpha = Float(learningRate * (1 - Double(epoch) / Double(epochs)))
            let t = Double(epoch)
            snapshot.withUnsafeMutableBufferPointer { s in s.baseAddress!.update(from: embedding, count: embedding.count) }
            embedding.withUnsafeMutableBufferPointer { live in
                snapshot.withUnsafeBufferPointer { frozen in
                    let y = SendablePointer(live.baseAddress!), old = SendablePointer(UnsafeMutablePointer(mutating: frozen.baseAddress!))
                    DispatchQueue.concurrentPerform(iterations: blocks) { block in
                        let owned = Self.vertices(ofBlock: block, count: n, blocks: blocks)
                        @inline(__always) func position(_ v: Int) -> UnsafeMutablePointer<Float> {
                            owned.contains(v) ? y.pointer + v * dim : old.pointer + v * dim
                        }
                        let queue = queues[block]
                        // Local arrays in the loop (a class's stored arrays pay for exclusivity checks).
                        var moves = queue.moves, values = queue.values
                        moves.removeAll(keepingCapacity: true)
                        values.removeAll(keepingCapacity: true)
                        defer { queue.moves = moves; queue.values = values }
                        let nextSample = nextSampleBox.pointer, nextNegative = nextNegativeBox.pointer, state = stateBox.pointer
                        for e in edgeStart[block]..<edgeStart[block + 1] where nextSample[e] <= t {
                            let j = Int(context.heads[e]), k = Int(context.tails[e])
                            let current = y.pointer + j * dim, other = position(k)
                            let d2 = Self.squaredDistance(current, other, dim)
                            if d2 > 0 {
                                let p = Self.power(d2, b)
                                let coefficient = attraction * p / (d2 * (a * p + 1))
                                let ownsOther = owned.contains(k)
                                if !ownsOther { moves.append((k, values.count)) }
                                for d in 0..<dim {
                                    let g = clip(coefficient * (current[d] - other[d])) * alpha
                                    current[d] += g
                                    if ownsOther { other[d] -= g } else { values.append(-g) }
                                }
                            }
                            nextSample[e] += context.perSample[e]
                            let negatives = Int((t - nextNegative[e]) / context.perNegative[e])
                            if negatives > 0 {
                                for _ in 0..<negatives {
                                    // A uniform vertex from the 32 random bits by multiply-shift (no division).
                                    let m = Int((UInt64(UInt32(bitPattern: Self.tauRandInt(state + j * 3))) &* UInt64(n)) >> 32)
                                    let sample = position(m)
                                    let s2 = Self.squaredDistance(current, sample, dim)
                                    if s2 > 0 {
                                        let coefficient = repulsion / ((0.001 + s2) * (a * Self.power(s2, b) + 1))
                                        for d in 0..<dim { current[d] += clip(coefficient * (current[d] - sample[d])) * alpha }
                                    }
                                }
                                nextNegative[e] += Double(negatives) * context.perNegative[e]
                            }
                        }
                    }
                }
            }
            // Queued moves of other blocks' vertices, in block order.
            embedding.withUnsafeMutableBufferPointer { live in
                let y = live.baseAddress!
                for queue in queues {
                    queue.values.withUnsafeBufferPointer { values in
                        for (vertex, offset) in queue.moves {
                            let target = y + vertex * dim, source = values.baseAddress! + offset
                            for d in 0..<dim { target[d] += source[d] }
                        }
                    }
                }
            }
        }
        _ = (nextSampleBox, nextNegativeBox, stateBox)
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

    /// One block's queued moves: (vertex, offset into `values`), `dim` values each.
    private final class MoveQueue: @unchecked Sendable {
        var moves = [(Int, Int)]()
        var values = [Float]()
    }

    /// A mutable array shared by the block workers, each touching only its own entries.
    private final class Box<T>: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<T>
        let count: Int
        init(_ values: [T]) {
            count = values.count
            pointer = .allocate(capacity: values.count)
            pointer.initialize(from: values, count: values.count)
        }
        deinit { pointer.deinitialize(count: count); pointer.deallocate() }
    }

    private struct Shared: @unchecked Sendable {
        let heads: [Int32], tails: [Int32], perSample: [Double], perNegative: [Double]
    }

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

    /// xᵇ for x > 0 as 2^(b·log₂x): cheaper than `powf`, to within a few units in the last place.
    @inline(__always) static func power(_ x: Float, _ b: Float) -> Float { exp2f(b * log2f(x)) }

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
