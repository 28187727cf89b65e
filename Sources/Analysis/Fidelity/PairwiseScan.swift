import LinearAlgebra

/// Euclidean distances from every row of one set to every row of another, a block of rows at a time:
/// ‖p‖² + ‖q‖² − 2p·q with the products from `dgemm`, clamped at 0, as scikit-learn's
/// `euclidean_distances` (its diagonal set to 0 when a set is compared with itself). The norms are added
/// before the product is subtracted, so d(p, q) and d(q, p) round alike.
/// - Complexity: O(|P|·|Q|·d) in GEMM; O(blockRows · |Q|) memory per core, whatever the sizes.
struct PairwiseScan: Sendable {
    static let blockRows = 256

    let rows: FeatureRows
    let columns: FeatureRows
    /// Whether `rows` and `columns` are the same set (the diagonal is then 0).
    let sameSet: Bool
    private let rowNorms: [Double]
    private let columnNorms: [Double]
    /// The products, already computed: the union's, and where these rows and columns start in it.
    private let stored: (gram: UnionGram, rowOffset: Int, columnOffset: Int)?

    init(rows: FeatureRows, columns: FeatureRows, sameSet: Bool, stored: (gram: UnionGram, rowOffset: Int, columnOffset: Int)? = nil) {
        precondition(rows.width == columns.width)
        (self.rows, self.columns, self.sameSet, self.stored) = (rows, columns, sameSet, stored)
        rowNorms = rows.squaredNorms
        columnNorms = sameSet ? rowNorms : columns.squaredNorms
    }

    /// `body(i, squared, distances)` for every row i, with the squared distances and the distances from
    /// row i to every column. Blocks of rows run on the cores; `body` must write only row i's results.
    func forEachRow(_ body: @Sendable (_ row: Int, _ squared: UnsafeBufferPointer<Double>, _ distances: UnsafeBufferPointer<Double>) -> Void) {
        let n = columns.count
        let d = rows.width
        guard rows.count > 0, n > 0 else { return }
        Parallel.forEachBlock(of: rows.count, size: Self.blockRows) { _, range in
            var products = [Double](repeating: 0, count: range.count * n)
            var distances = [Double](repeating: 0, count: n)
            if let (gram, rowOffset, columnOffset) = stored {
                for (t, i) in range.enumerated() {
                    let start = (rowOffset + i) * gram.count + columnOffset
                    for j in 0..<n { products[t * n + j] = gram.values[start + j] }
                }
            } else {
                rows.values.withUnsafeBufferPointer { p in
                    columns.values.withUnsafeBufferPointer { q in
                        products.withUnsafeMutableBufferPointer { c in
                            if d > 0 {
                                BLAS.dgemm(
                                    transposeB: true, m: range.count, n: n, k: d, p.baseAddress! + range.lowerBound * d, lda: d,
                                    q.baseAddress!, ldb: d, c.baseAddress!, ldc: n)
                            }
                        }
                    }
                }
            }
            products.withUnsafeMutableBufferPointer { tile in
                distances.withUnsafeMutableBufferPointer { root in
                    for (t, i) in range.enumerated() {
                        let squared = UnsafeMutableBufferPointer(rebasing: tile[(t * n)..<((t + 1) * n)])
                        let own = rowNorms[i]
                        for j in 0..<n { squared[j] = max((own + columnNorms[j]) - 2 * squared[j], 0) }
                        if sameSet { squared[i] = 0 }
                        for j in 0..<n { root[j] = squared[j].squareRoot() }
                        body(i, UnsafeBufferPointer(squared), UnsafeBufferPointer(root))
                    }
                }
            }
        }
    }
}
