/// The graph's edges as the layout samples them, grouped in tiles by the parts of their head and tail
/// (in head order within a tile), with umap-learn's epoch schedules: an edge of weight w is sampled every
/// max/w epochs, its negatives `negative_sample_rate` times as often.
final class LayoutEdges: @unchecked Sendable {
    let count: Int, parts: Int
    let heads: LayoutBuffer<Int32>, tails: LayoutBuffer<Int32>
    let perSample: LayoutBuffer<Double>, perNegative: LayoutBuffer<Double>
    /// Written only by the task that has the edge's tile.
    let nextSample: LayoutBuffer<Double>, nextNegative: LayoutBuffer<Double>
    /// Tile (a, b), edges from part a to part b, is `tileStart[a·parts + b] ..< tileStart[a·parts + b + 1]`.
    private let tileStart: [Int]

    init(_ graph: SparseGraph, negativeSampleRate: Double, parts: Int) {
        count = graph.columns.count
        self.parts = parts
        let n = graph.count
        func part(_ v: Int) -> Int { LayoutOptimizer.part(of: v, count: n, parts: parts) }
        // A stable counting sort of the compressed rows by tile keeps head order within each tile.
        var starts = [Int](repeating: 0, count: parts * parts + 1)
        for i in 0..<n {
            for e in graph.rowStart[i]..<graph.rowStart[i + 1] { starts[part(i) * parts + part(graph.columns[e]) + 1] += 1 }
        }
        for tile in 0..<(parts * parts) { starts[tile + 1] += starts[tile] }
        tileStart = starts
        heads = LayoutBuffer(count: count, repeating: 0)
        tails = LayoutBuffer(count: count, repeating: 0)
        perSample = LayoutBuffer(count: count, repeating: 0)
        perNegative = LayoutBuffer(count: count, repeating: 0)
        let largest = Double(graph.weights.max() ?? 1)
        var next = Array(starts.dropLast())
        for i in 0..<n {
            for e in graph.rowStart[i]..<graph.rowStart[i + 1] {
                let tile = part(i) * parts + part(graph.columns[e])
                let slot = next[tile]
                next[tile] += 1
                heads[slot] = Int32(i)
                tails[slot] = Int32(graph.columns[e])
                perSample[slot] = largest / Double(graph.weights[e])
                perNegative[slot] = perSample[slot] / negativeSampleRate
            }
        }
        nextSample = LayoutBuffer(copying: perSample)
        nextNegative = LayoutBuffer(copying: perNegative)
    }

    /// The edges from part `a` to part `b`.
    func tile(_ a: Int, _ b: Int) -> Range<Int> { tileStart[a * parts + b]..<tileStart[a * parts + b + 1] }
}
