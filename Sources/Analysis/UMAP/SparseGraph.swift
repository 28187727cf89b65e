/// A weighted sparse graph in compressed-row form: the neighbours of row i are
/// `columns[rowStart[i] ..< rowStart[i + 1]]` in ascending order, with `weights` alongside.
public struct SparseGraph: Sendable, Equatable {
    public let count: Int
    public let rowStart: [Int]
    public let columns: [Int]
    public let weights: [Float]

    /// From (row, column, weight) entries; duplicate (row, column) pairs must already be merged.
    init(count: Int, entries: [(row: Int, column: Int, weight: Float)]) {
        let sorted = entries.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        var starts = [Int](repeating: 0, count: count + 1)
        for e in sorted { starts[e.row + 1] += 1 }
        for i in 0..<count { starts[i + 1] += starts[i] }
        self.count = count
        rowStart = starts
        columns = sorted.map(\.column)
        weights = sorted.map(\.weight)
    }

    public var edgeCount: Int { columns.count }

    /// Connected components: a component number per vertex, numbered in order of their smallest vertex.
    public func components() -> (count: Int, labels: [Int]) {
        var labels = [Int](repeating: -1, count: count)
        var next = 0
        for start in 0..<count where labels[start] == -1 {
            var stack = [start]
            labels[start] = next
            while let v = stack.popLast() {
                for e in rowStart[v]..<rowStart[v + 1] where labels[columns[e]] == -1 {
                    labels[columns[e]] = next
                    stack.append(columns[e])
                }
            }
            next += 1
        }
        return (next, labels)
    }
}
