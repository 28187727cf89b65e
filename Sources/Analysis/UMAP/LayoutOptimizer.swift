import Foundation

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
        var nextSample = epochsPerSample
        var nextNegative = epochsPerNegative
        // One Tausworthe state per vertex: the seeds plus the bits of its initial first coordinate.
        var states = [Int64](repeating: 0, count: n * 3)
        for v in 0..<n {
            let offset = Int64(bitPattern: Double(embedding[v * dim]).bitPattern)
            states[v * 3] = seeds.0 &+ offset; states[v * 3 + 1] = seeds.1 &+ offset; states[v * 3 + 2] = seeds.2 &+ offset
        }
        let a = Float(curve.a), b = Float(curve.b)
        let attraction = -2 * a * b, repulsion = Float(2 * repulsionStrength) * b
        var alpha = Float(learningRate)
        embedding.withUnsafeMutableBufferPointer { buffer in
            let y = buffer.baseAddress!
            for epoch in 0..<epochs {
                let t = Double(epoch)
                for e in 0..<edgeCount where nextSample[e] <= t {
                    let j = Int(heads[e]), k = Int(tails[e])
                    let current = y + j * dim, other = y + k * dim
                    var d2: Float = 0
                    for d in 0..<dim { let diff = current[d] - other[d]; d2 += diff * diff }
                    if d2 > 0 {
                        let p = powf(d2, b)
                        let coefficient = attraction * (p / d2) / (a * p + 1)
                        for d in 0..<dim {
                            let g = clip(coefficient * (current[d] - other[d])) * alpha
                            current[d] += g
                            other[d] -= g
                        }
                    }
                    nextSample[e] += epochsPerSample[e]
                    let negatives = Int((t - nextNegative[e]) / epochsPerNegative[e])
                    if negatives > 0 {
                        for _ in 0..<negatives {
                            let r = Int(Self.tauRandInt(&states, vertex: j))
                            let m = ((r % n) + n) % n  // Python's modulo: never negative
                            let sample = y + m * dim
                            var s2: Float = 0
                            for d in 0..<dim { let diff = current[d] - sample[d]; s2 += diff * diff }
                            if s2 > 0 {
                                let coefficient = repulsion / ((0.001 + s2) * (a * powf(s2, b) + 1))
                                for d in 0..<dim { current[d] += clip(coefficient * (current[d] - sample[d])) * alpha }
                            }
                        }
                        nextNegative[e] += Double(negatives) * epochsPerNegative[e]
                    }
                }
                alpha = Float(learningRate * (1 - Double(epoch + 1) / Double(epochs)))
            }
        }
    }

    @inline(__always) private func clip(_ x: Float) -> Float { min(max(x, -4), 4) }

    /// umap-learn's three-component Tausworthe generator (Int64 arithmetic, arithmetic shifts).
    @inline(__always) static func tauRandInt(_ states: inout [Int64], vertex: Int) -> Int32 {
        let mask: Int64 = 0xFFFF_FFFF
        var s0 = states[vertex * 3], s1 = states[vertex * 3 + 1], s2 = states[vertex * 3 + 2]
        s0 = (((s0 & 0xFFFF_FFFE) << 12) & mask) ^ ((((s0 << 13) & mask) ^ s0) >> 19)
        s1 = (((s1 & 0xFFFF_FFF8) << 4) & mask) ^ ((((s1 << 2) & mask) ^ s1) >> 25)
        s2 = (((s2 & 0xFFFF_FFF0) << 17) & mask) ^ ((((s2 << 3) & mask) ^ s2) >> 11)
        states[vertex * 3] = s0; states[vertex * 3 + 1] = s1; states[vertex * 3 + 2] = s2
        return Int32(truncatingIfNeeded: s0 ^ s1 ^ s2)
    }
}
