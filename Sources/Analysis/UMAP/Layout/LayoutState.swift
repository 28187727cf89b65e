import LinearAlgebra

/// What the layout's tasks share: the embedding's rows (live, and as they were at the start of the
/// epoch, for negative samples), the edges, and one random generator per part of the vertices.
final class LayoutState: @unchecked Sendable {
    let count: Int, stride: Int
    let live: LayoutBuffer<Float>, frozen: LayoutBuffer<Float>
    let edges: LayoutEdges
    /// Part p's generator draws the negative samples of the edges whose head is in part p; only the task
    /// that has such a tile uses it.
    let generators: LayoutBuffer<LaneRandom>

    init(embedding: [Float], dimensions dim: Int, stride: Int, edges: LayoutEdges, random: inout SeededGenerator) {
        let n = embedding.count / dim
        (count, self.stride, self.edges) = (n, stride, edges)
        live = LayoutBuffer(count: n * stride, repeating: 0)
        for v in 0..<n { for d in 0..<dim { live[v * stride + d] = embedding[v * dim + d] } }
        frozen = LayoutBuffer(copying: live)
        generators = LayoutBuffer(count: edges.parts, repeating: LaneRandom(&random))
        for part in 1..<edges.parts { generators[part] = LaneRandom(&random) }
    }

    /// The rows as they are now become the epoch's starting point.
    func snapshot() { frozen.pointer.update(from: live.pointer, count: count * stride) }
}
