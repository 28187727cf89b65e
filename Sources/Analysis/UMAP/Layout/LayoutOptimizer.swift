import LinearAlgebra

/// UMAP's layout: stochastic gradient descent on the embedding, as umap-learn's
/// `optimize_layout_euclidean` (docs/algorithms.md, "UMAP"). The same seed gives the same embedding
/// bit for bit, whatever the number of threads.
///
/// The life of an epoch:
/// 1. `LayoutState.snapshot()` freezes the rows: negative samples are read from this copy all epoch.
/// 2. `EpochTasks` hands out the epoch's tasks. Vertices are cut into `partCount` contiguous parts, and
///    the edges into tiles by the parts of their two ends (`LayoutEdges`); a task is the tiles between
///    two parts (`PartRounds.Pair`), and a task is ready once the task before it on each of its parts
///    has finished, so tasks on disjoint parts run at once and each part sees its tasks in one order.
/// 3. `TileSweep` runs a task: every edge due this epoch (`nextSample ≤ epoch`) pulls its head and tail
///    together and pushes the head from its negative samples, drawn by the head part's `LaneRandom`.
///    Up to `SampleBatch.lanes` samples are measured at once and their coefficients computed in one
///    vector pass (`LayoutRows`: `PlaneRows` for 2-D, `PaddedRows` otherwise; `LayoutCurve`, `FastPower`).
/// 4. The learning rate falls linearly to 0 over the epochs.
///
/// Where it departs from umap-learn (each changes last bits, not the method; docs/numerics.md):
/// - edges are visited tile by tile in the fixed task order, not in edge-index order;
/// - negative samples are read as the epoch began, not as other edges have just moved them;
/// - an edge's tail and negative samples in one batch are measured from the head before any of them
///   moves it and their steps summed (equal to the one-by-one update to first order in the rate);
/// - random numbers follow umap-learn's Tausworthe recurrence, but from one eight-lane generator per part
///   (`LaneRandom`) instead of one state, and a negative sample is a multiply-shift of 32 random bits
///   instead of `tau_rand_int` modulo n;
/// - xᵇ in the gradients is `FastPower`'s polynomial (relative error below 1e-5), not libm's `pow`.
struct LayoutOptimizer {
    let graph: SparseGraph
    let curve: CurveParameters
    let epochs: Int
    let learningRate: Double
    let negativeSampleRate: Double
    let repulsionStrength: Double
    /// The edge loop's C version (nil: its Swift definition, for tests).
    var kernel: VectorISA? = .best
    /// Threads the epochs' tasks run on (the result is the same for any number).
    var threads = Parallel.cores

    func optimize(_ embedding: inout [Float], dimensions dim: Int, random: inout SeededGenerator) {
        if dim == 2 {
            optimize(&embedding, dimensions: dim, rows: PlaneRows(), random: &random)
        } else {
            optimize(&embedding, dimensions: dim, rows: PaddedRows(width: dim), random: &random)
        }
    }

    private func optimize<Rows: LayoutRows>(
        _ embedding: inout [Float], dimensions dim: Int, rows: Rows,
        random: inout SeededGenerator
    ) {
        let n = graph.count
        let stride = rows.stride
        let edges = LayoutEdges(graph, negativeSampleRate: negativeSampleRate, parts: min(Self.partCount, n))
        guard edges.count > 0 else { return }
        let state = LayoutState(embedding: embedding, dimensions: dim, stride: stride, edges: edges, random: &random)
        let sweep = TileSweep(rows: rows, state: state, curve: LayoutCurve(curve, repulsionStrength: repulsionStrength), kernel: kernel)
        let tasks = EpochTasks(PartRounds(parts: edges.parts))
        for epoch in 0..<epochs {
            let rate = Float(learningRate * (1 - Double(epoch) / Double(epochs)))
            state.snapshot()
            tasks.run(threads: threads) { sweep.run($0, epoch: Double(epoch), rate: rate) }
        }
        for v in 0..<n { for d in 0..<dim { embedding[v * dim + d] = state.live[v * stride + d] } }
    }

    /// The part a vertex belongs to: ⌊v·P/n⌋, so parts are contiguous and differ in size by at most one.
    static func part(of vertex: Int, count n: Int, parts: Int) -> Int { vertex * parts / n }

    /// Parts of the vertices; fixed, so results do not depend on the machine.
    static let partCount = 16
}
