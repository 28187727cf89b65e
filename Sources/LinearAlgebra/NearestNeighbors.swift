import Dispatch

/// Exact k-nearest neighbours through `cblas_sgemm`: squared distances ‖a‖² + ‖b‖² − 2a·b for tiles of
/// blockRows × blockRows pairs. Distances are symmetric, so only the tiles on and above the diagonal
/// are computed (half the GEMM), each offered to the rows on both of its sides; memory stays at one tile
/// per core plus the k-heaps, whatever n is (for UMAP and k-means).
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
    /// Rows per side of a GEMM tile.
    public let blockRows: Int

    public init(metric: Metric = .euclidean, blockRows: Int = 512) {
        self.metric = metric
        self.blockRows = blockRows
    }

    /// The `k` nearest points of every point of `x` (k counts the point itself, as umap-learn does).
    /// - Complexity: O(n²·d) time in GEMM, O(blockRows² + n·k) extra memory per core.
    public func graph(_ x: Matrix, k: Int) -> Graph {
        let n = x.rows
        let d = x.columns
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
        let heaps = HeapTable(count: n, k: k)
        let blocks = (n + blockRows - 1) / blockRows
        let metric = metric
        let blockRows = blockRows
        // The k smallest (distance, index) pairs do not depend on the order they are offered in, so the
        // tiles of a round (on disjoint blocks of rows) can go in any order, on any core. One GEMM per
        // tile and core, single-threaded (as every BLAS call is).
        do {
            for round in PartRounds(parts: blocks).rounds {
                DispatchQueue.concurrentPerform(iterations: round.count) { task in
                    let pair = round[task]
                    let rows = Self.rows(ofBlock: pair.first, size: blockRows, count: n)
                    let columns = Self.rows(ofBlock: pair.second, size: blockRows, count: n)
                    let tile = UnsafeMutablePointer<Float>.allocate(capacity: rows.count * columns.count)
                    defer { tile.deallocate() }
                    points.withUnsafeBufferPointer { all in
                        BLAS.sgemm(
                            transposeB: true, m: rows.count, n: columns.count, k: d, all.baseAddress! + rows.lowerBound * d,
                            lda: d, all.baseAddress! + columns.lowerBound * d, ldb: d, tile, ldc: columns.count)
                    }
                    norms.withUnsafeBufferPointer { norms in
                        Self.distances(tile, rows: rows, columns: columns, norms: norms, cosine: metric == .cosine)
                    }
                    heaps.offer(tile, rows: rows, columns: columns, bothSides: pair.first != pair.second)
                }
            }
        }
        let indices = UnsafeMutableBufferPointer<Int>.allocate(capacity: n * k)
        let distances = UnsafeMutableBufferPointer<Float>.allocate(capacity: n * k)
        defer {
            indices.deallocate()
            distances.deallocate()
        }
        let outIndices = SendablePointer(indices.baseAddress!)
        let outDistances = SendablePointer(distances.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            for i in Self.rows(ofBlock: block, size: blockRows, count: n) {
                // GEMM picks the neighbours; their distances are then recomputed by the direct formula in
                // Double, so they are as exact as umap-learn's (the expansion loses digits to cancellation).
                let nearest = heaps.sorted(row: i).map { entry -> (Float, Int) in
                    (entry.1 == i ? 0 : Self.directDistance(points, i, entry.1, d: d, cosine: metric == .cosine), entry.1)
                }.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                for (slot, entry) in nearest.enumerated() {
                    outDistances.pointer[i * k + slot] = entry.0
                    outIndices.pointer[i * k + slot] = entry.1
                }
            }
        }
        return Graph(indices: Array(indices), distances: Array(distances), k: k)
    }

    private static func rows(ofBlock block: Int, size: Int, count n: Int) -> Range<Int> {
        (block * size)..<min((block + 1) * size, n)
    }

    /// Dot products become distances in place, in loops that vectorise; a point is at distance 0 from
    /// itself whatever the rounding.
    private static func distances(
        _ tile: UnsafeMutablePointer<Float>, rows: Range<Int>, columns: Range<Int>,
        norms: UnsafeBufferPointer<Float>, cosine: Bool
    ) {
        for (r, i) in rows.enumerated() {
            let row = tile + r * columns.count
            if cosine {
                for c in 0..<columns.count {
                    let value = 1 - row[c]
                    row[c] = value >= 0 ? value : 0
                }
            } else {
                let own = norms[i]
                let base = columns.lowerBound
                for c in 0..<columns.count {
                    let squared = own + norms[base + c] - 2 * row[c]
                    row[c] = (squared >= 0 ? squared : 0).squareRoot()
                }
            }
            if columns.contains(i) { row[i - columns.lowerBound] = 0 }
        }
    }

    private static func directDistance(_ data: [Float], _ i: Int, _ j: Int, d: Int, cosine: Bool) -> Float {
        var sum = 0.0
        for t in 0..<d {
            if cosine {
                sum += Double(data[i * d + t]) * Double(data[j * d + t])
            } else {
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

    /// The largest value kept once the heap is full; nil before.
    var worst: Float? { entries.count == k ? entries[0].0 : nil }

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
            let left = 2 * parent + 1
            let right = left + 1
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

/// One k-heap per row, shared by the tile tasks; a task only touches the heaps of its own rows and
/// columns, which no other task of its round has.
final class HeapTable: @unchecked Sendable {
    private let count: Int
    private let heaps: UnsafeMutablePointer<Heap>
    /// Per row the largest distance its heap keeps (+∞ until it is full): most offers stop here.
    private let bounds: UnsafeMutablePointer<Float>

    init(count: Int, k: Int) {
        self.count = count
        heaps = .allocate(capacity: count)
        for row in 0..<count { (heaps + row).initialize(to: Heap(k: k)) }
        bounds = .allocate(capacity: count)
        bounds.initialize(repeating: .infinity, count: count)
    }

    deinit {
        heaps.deinitialize(count: count)
        heaps.deallocate()
        bounds.deallocate()
    }

    /// Offers each row of the tile its distances to the columns and, when `bothSides`, each column its
    /// distances to the rows.
    func offer(_ tile: UnsafePointer<Float>, rows: Range<Int>, columns: Range<Int>, bothSides: Bool) {
        let width = columns.count
        for (r, i) in rows.enumerated() {
            let row = tile + r * width
            for c in 0..<width where row[c] <= bounds[i] { offer(row[c], columns.lowerBound + c, to: i) }
            guard bothSides else { continue }
            for c in 0..<width where row[c] <= bounds[columns.lowerBound + c] { offer(row[c], i, to: columns.lowerBound + c) }
        }
    }

    @inline(__always) private func offer(_ value: Float, _ index: Int, to row: Int) {
        heaps[row].offer(value, index)
        if let worst = heaps[row].worst { bounds[row] = worst }
    }

    func sorted(row: Int) -> [(Float, Int)] { heaps[row].sorted() }
}
