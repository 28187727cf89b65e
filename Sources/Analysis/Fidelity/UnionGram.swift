import LinearAlgebra

/// The dot products of every pair of items of two sets taken together (the real items first): one
/// product of the union with itself, kept whole so that the neighbourhood passes read distances from it
/// and every kernel-distance subset gathers its kernel values from it instead of multiplying again.
/// Only the tiles on and above the diagonal are multiplied; the others are their mirror, so the matrix
/// is exactly symmetric.
/// - Complexity: O(N²·d) time in GEMM and N² Doubles of memory for N items, hence `fits`.
struct UnionGram: Sendable {
    /// The largest matrix kept (1 GiB: 11 585 items); larger sets are compared block by block.
    static let budget = 1 << 30
    static let tileRows = 256

    let count: Int
    /// Row-major `count × count`.
    let values: [Double]

    /// Whether `count` items' products take at most `budget` bytes.
    static func fits(_ count: Int, budget: Int = budget) -> Bool { count <= Int((Double(max(budget, 0)) / 8).squareRoot()) }

    init(_ first: FeatureRows, _ second: FeatureRows) {
        precondition(first.width == second.width)
        let n = first.count + second.count
        let d = first.width
        count = n
        let union = first.values + second.values
        var products = [Double](repeating: 0, count: n * n)
        let tiles = (n + Self.tileRows - 1) / Self.tileRows
        products.withUnsafeMutableBufferPointer { out in
            let c = SendablePointer(out.baseAddress!)
            union.withUnsafeBufferPointer { x in
                let rows = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
                // Tile row t multiplies tiles (t, u ≥ t) and mirrors them into (u, t): no two tile rows write
                // the same element.
                Parallel.forEachBlock(of: tiles, size: 1) { t, _ in
                    let top = t * Self.tileRows
                    let height = min(Self.tileRows, n - top)
                    for u in t..<tiles {
                        let left = u * Self.tileRows
                        let width = min(Self.tileRows, n - left)
                        if d > 0 {
                            BLAS.dgemm(
                                transposeB: true, m: height, n: width, k: d, rows.pointer + top * d, lda: d,
                                rows.pointer + left * d, ldb: d, c.pointer + top * n + left, ldc: n)
                        }
                        // The mirror, written a row at a time (the tile stays in cache while it is read across).
                        for j in 0..<width {
                            let target = c.pointer + (left + j) * n + top
                            for i in 0..<height where left + j > top + i { target[i] = c.pointer[(top + i) * n + left + j] }
                        }
                    }
                }
            }
        }
        values = products
    }
}
