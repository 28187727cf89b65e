import CBLAS
import Dispatch

/// Exact k-nearest neighbours through `cblas_sgemm`: squared distances ‖a‖² + ‖b‖² − 2a·b for blocks of
/// query rows, so memory stays at `blockRows × n` Floats whatever n is (for UMAP and k-means).
public struct NearestNeighbors: Sendable {
    public enum Metric: String, Sendable, CaseIterable {
        case euclidean
        /// 1 − cos(a, b).
        case cosine
    }

    /// Neighbour indices and distances, row-major n × k, each row nearest first (smaller index first on
    /// ties). A point is its own first neighbour at distance 0.
    public struct Graph: Sendable, Equatable {
        public let indices: [Int]
        public let distances: [Float]
        public let k: Int

        public func neighbors(of i: Int) -> ArraySlice<Int> { indices[(i * k)..<((i + 1) * k)] }
        public func distances(of i: Int) -> ArraySlice<Float> { distances[(i * k)..<((i + 1) * k)] }
    }

    public let metric: Metric
    /// Query rows per GEMM block.
    public let blockRows: Int

    public init(metric: Metric = .euclidean, blockRows: Int = 256) {
        self.metric = metric
        self.blockRows = blockRows
    }

    /// The `k` nearest points of every point of `x` (k counts the point itself, as umap-learn does).
    /// - Complexity: O(n²·d) time in GEMM, O(blockRows·n) extra memory.
    public func graph(_ x: Matrix, k: Int) -> Graph {
        let n = x.rows, d = x.columns
        precondition(k >= 1 && k <= n, "k must lie in 1…n")
        var data = x.storage
        if metric == .cosine {
            for r in 0..<n {
                let norm = (0..<d).reduce(Float(0)) { $0 + data[r * d + $1] * data[r * d + $1] }.squareRoot()
                if norm > 0 { for c in 0..<d { data[r * d + c] /= norm } }
            }
        }
        let points = data
        let norms = (0..<n).map { r in (0..<d).reduce(Float(0)) { $0 + points[r * d + $1] * points[r * d + $1] } }
        let indices = UnsafeMutableBufferPointer<Int>.allocate(capacity: n * k)
        let distances = UnsafeMutableBufferPointer<Float>.allocate(capacity: n * k)
        defer { indices.deallocate(); distances.deallocate() }
        let outIndices = SendablePointer(indices.baseAddress!), outDistances = SendablePointer(distances.baseAddress!)
        let blocks = (n + blockRows - 1) / blockRows
        let metric = metric, blockRows = blockRows
        // One GEMM per block of rows and core: OpenBLAS's own threads would only compete with these.
        BLASThreads.singleThreaded {
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let start = block * blockRows, rows = min(blockRows, n - start)
                let values = UnsafeMutablePointer<Float>.allocate(capacity: rows * n)
                var heap = Heap(k: k)
                defer { values.deallocate() }
                points.withUnsafeBufferPointer { all in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(d), 1,
                                all.baseAddress! + start * d, Int32(d), all.baseAddress!, Int32(d), 0, values, Int32(n))
                }
                norms.withUnsafeBufferPointer { norms in
                    for r in 0..<rows {
                        let i = start + r, row = values + r * n
                        // Dot products become distances in place, in a loop that vectorises.
                        if metric == .cosine {
                            for j in 0..<n { let value = 1 - row[j]; row[j] = value >= 0 ? value : 0 }
                        } else {
                            let own = norms[i]
                            for j in 0..<n {
                                let squared = own + norms[j] - 2 * row[j]
                                row[j] = (squared >= 0 ? squared : 0).squareRoot()
                            }
                        }
                        row[i] = 0
                        heap.removeAll()
                        for j in 0..<n { heap.offer(row[j], j) }
                        // GEMM picks the neighbours; their distances are then recomputed by the direct
                        // formula in Double, so they are as exact as umap-learn's (the expansion loses
                        // digits to cancellation).
                        let nearest = heap.sorted().map { entry -> (Float, Int) in
                            (entry.1 == i ? 0 : Self.directDistance(points, i, entry.1, d: d, cosine: metric == .cosine), entry.1)
                        }.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                        for (slot, entry) in nearest.enumerated() {
                            outDistances.pointer[i * k + slot] = entry.0
                            outIndices.pointer[i * k + slot] = entry.1
                        }
                    }
                }
            }
        }
        return Graph(indices: Array(indices), distances: Array(distances), k: k)
    }

    private static func directDistance(_ data: [Float], _ i: Int, _ j: Int, d: Int, cosine: Bool) -> Float {
        var sum = 0.0
        for t in 0..<d {
            if cosine { sum += Double(data[i * d + t]) * Double(data[j * d + t]) } else {
                let diff = Double(data[i * d + t]) - Double(data[j * d + t])
                sum += diff * diff
            }
        }
        // Cosine rows were normalised: 1 − a·b.
        return Float(cosine ? max(0, 1 - sum) : sum.squareRoot())
    }

    /// The k smallest (value, index) pairs in ascending order, ties by index.
    static func smallest(_ values: [(Float, Int)], k: Int) -> [(Float, Int)] {
        var heap = Heap(k: k)
        for (value, index) in values { heap.offer(value, index) }
        return heap.sorted()
    }
}

/// The k smallest (value, index) pairs offered so far, smaller index first on equal values: a max-heap
/// whose top is the worst kept pair, so most offers are turned away by one comparison.
struct Heap {
    let k: Int
    private var entries: [(Float, Int)]

    init(k: Int) {
        self.k = k
        entries = []
        entries.reserveCapacity(k)
    }

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    @inline(__always) private static func worse(_ a: (Float, Int), _ b: (Float, Int)) -> Bool {
        a.0 > b.0 || (a.0 == b.0 && a.1 > b.1)
    }

    @inline(__always) mutating func offer(_ value: Float, _ index: Int) {
        if entries.count == k {
            if value > entries[0].0 { return }
            if Self.worse(entries[0], (value, index)) { replaceTop((value, index)) }
            return
        }
        entries.append((value, index))
        var child = entries.count - 1
        while child > 0, Self.worse(entries[child], entries[(child - 1) / 2]) {
            entries.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    private mutating func replaceTop(_ entry: (Float, Int)) {
        entries[0] = entry
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var largest = parent
            if left < k, Self.worse(entries[left], entries[largest]) { largest = left }
            if right < k, Self.worse(entries[right], entries[largest]) { largest = right }
            if largest == parent { break }
            entries.swapAt(parent, largest)
            parent = largest
        }
    }

    /// Nearest first.
    func sorted() -> [(Float, Int)] { entries.sorted { Self.worse($1, $0) } }
}
