/// The graph's edges as the layout samples them: in head order, with umap-learn's epoch schedules
/// (an edge of weight w is sampled every max/w epochs, its negatives rate times as often).
final class LayoutEdges: @unchecked Sendable {
    let count: Int
    let heads: LayoutBuffer<Int32>, tails: LayoutBuffer<Int32>
    let perSample: LayoutBuffer<Double>, perNegative: LayoutBuffer<Double>
    /// Written by the block that owns the edge's head only.
    let nextSample: LayoutBuffer<Double>, nextNegative: LayoutBuffer<Double>

    init(_ graph: SparseGraph, negativeSampleRate: Double) {
        count = graph.columns.count
        heads = LayoutBuffer(count: count, repeating: 0); tails = LayoutBuffer(count: count, repeating: 0)
        perSample = LayoutBuffer(count: count, repeating: 0); perNegative = LayoutBuffer(count: count, repeating: 0)
        let largest = Double(graph.weights.max() ?? 1)
        for i in 0..<graph.count {
            for e in graph.rowStart[i]..<graph.rowStart[i + 1] {
                heads[e] = Int32(i); tails[e] = Int32(graph.columns[e])
                perSample[e] = largest / Double(graph.weights[e])
                perNegative[e] = perSample[e] / negativeSampleRate
            }
        }
        nextSample = LayoutBuffer(copying: perSample); nextNegative = LayoutBuffer(copying: perNegative)
    }
}
