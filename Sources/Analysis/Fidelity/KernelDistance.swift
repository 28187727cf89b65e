import LinearAlgebra

/// The kernel distance ("KID"): the unbiased MMD² between two feature sets with the polynomial kernel
/// k(x, y) = (x·y/d + 1)³, averaged over random subsets of equal size drawn without replacement from each
/// set, with the standard deviation over the subsets (ddof 0) — torch-fidelity's definition and defaults
/// (100 subsets of 1000), its subsets drawn from Litmus's seeded generator (docs/algorithms.md, "Kernel
/// distance").
///
/// Each subset's kernel matrices are one symmetric product per set (`dsyrk`) and one cross product; their
/// row sums also give each item's first-order (Hoeffding) projection, from which an interval is resampled.
/// - Complexity: O(subsets · m² · d) for subsets of m items; O(m²) memory per core.
public struct KernelDistance: Sendable {
    public struct Settings: Sendable, Equatable {
        public var subsets: Int
        public var subsetSize: Int
        public var seed: UInt64
        public init(subsets: Int = 100, subsetSize: Int = 1000, seed: UInt64) {
            (self.subsets, self.subsetSize, self.seed) = (subsets, subsetSize, seed)
        }
    }

    /// The mean of the subsets' MMD² estimates.
    public let value: Double
    /// Their standard deviation (ddof 0, as torch-fidelity).
    public let standardDeviation: Double
    /// The subsets' size: the setting's, or the smaller set's size when a set has fewer items.
    public let subsetSize: Int
    /// Each subset's MMD².
    public let estimates: [Double]
    /// Per item of each set drawn in some subset, its projection averaged over those subsets, centred:
    /// the U-statistic's first-order terms.
    let projections: (a: [Double], b: [Double])

    /// - Precondition: both sets have at least two rows and the same width; `subsets ≥ 1`, `subsetSize ≥ 2`.
    public init(_ a: FeatureRows, _ b: FeatureRows, settings: Settings) {
        self.init(a, b, settings: settings, products: UnionGram.fits(a.count + b.count) ? UnionGram(a, b) : nil)
    }

    /// With `products`, the union's dot products (`a`'s items first), each subset gathers its kernel values
    /// instead of multiplying its rows.
    init(_ a: FeatureRows, _ b: FeatureRows, settings: Settings, products: UnionGram?) {
        precondition(a.width == b.width && min(a.count, b.count) >= 2 && settings.subsets >= 1 && settings.subsetSize >= 2)
        let m = min(settings.subsetSize, a.count, b.count)
        let d = a.width
        let perSubset = Parallel.map(settings.subsets, workers: Parallel.cores) { s in
            var generator = Subsets.generator(seed: settings.seed, purpose: .kernelSubsets, stream: UInt64(s))
            // In ascending order, so that the gathers below read each row of the products forwards.
            let first = Subsets.distinct(m, of: a.count, using: &generator).sorted()
            let second = Subsets.distinct(m, of: b.count, using: &generator).sorted()
            if let products {
                // Rows of the union's matrix, read at the subset's columns.
                return products.values.withUnsafeBufferPointer { u in
                    let n = products.count
                    return Self.subset(
                        xx: KernelRows(base: u.baseAddress!, stride: n, rows: first, rowOffset: 0, columns: first, columnOffset: 0),
                        yy: KernelRows(base: u.baseAddress!, stride: n, rows: second, rowOffset: a.count, columns: second, columnOffset: a.count),
                        xy: KernelRows(base: u.baseAddress!, stride: n, rows: first, rowOffset: 0, columns: second, columnOffset: a.count),
                        width: d, indices: (first, second))
                }
            }
            let (x, y) = (a.selecting(first), b.selecting(second))
            let (xx, yy) = (BLAS.gramOfRows(x.values, rows: m, columns: d), BLAS.gramOfRows(y.values, rows: m, columns: d))
            let xy = BLAS.multiply(x.values, y.values, m: m, k: d, n: m, transposeB: true)
            let all = Array(0..<m)
            return xx.withUnsafeBufferPointer { xx in
                yy.withUnsafeBufferPointer { yy in
                    xy.withUnsafeBufferPointer { xy in
                        Self.subset(
                            xx: KernelRows(base: xx.baseAddress!, stride: m, rows: all, rowOffset: 0, columns: all, columnOffset: 0),
                            yy: KernelRows(base: yy.baseAddress!, stride: m, rows: all, rowOffset: 0, columns: all, columnOffset: 0),
                            xy: KernelRows(base: xy.baseAddress!, stride: m, rows: all, rowOffset: 0, columns: all, columnOffset: 0),
                            width: d, indices: (first, second))
                    }
                }
            }
        }
        let estimates = perSubset.map(\.mmd)
        let mean = estimates.reduce(0, +) / Double(estimates.count)
        let variance = estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(estimates.count)
        (value, standardDeviation, subsetSize, self.estimates) = (mean, variance.squareRoot(), m, estimates)
        projections = (Self.averaged(perSubset.map(\.a), count: a.count), Self.averaged(perSubset.map(\.b), count: b.count))
    }

    /// One subset: its MMD² and each drawn item's projection, by the item's index in its set.
    private struct Subset: Sendable {
        let mmd: Double
        let a: [(index: Int, value: Double)]
        let b: [(index: Int, value: Double)]
    }

    /// A subset's block of dot products inside a larger row-major matrix: element (r, c) is at
    /// base[(rowOffset + rows[r]) · stride + columnOffset + columns[c]].
    private struct KernelRows {
        let base: UnsafePointer<Double>
        let stride: Int
        let rows: [Int]
        let rowOffset: Int
        let columns: [Int]
        let columnOffset: Int

        /// Σ over the block of k(x, y) = (x·y/d + 1)³ by row (leaving out the diagonal when `offDiagonal`) and by column.
        func kernelSums(width d: Int, offDiagonal: Bool) -> (rows: [Double], columns: [Double]) {
            let scale = 1 / Double(d)
            let m = columns.count
            var rowSums = [Double](repeating: 0, count: rows.count)
            var columnSums = [Double](repeating: 0, count: m)
            columns.withUnsafeBufferPointer { columns in
                columnSums.withUnsafeMutableBufferPointer { columnSums in
                    for r in 0..<rows.count {
                        let row = base + (rowOffset + rows[r]) * stride + columnOffset
                        var sum = 0.0
                        for c in 0..<m where !(offDiagonal && c == r) {
                            let t = row[columns[c]] * scale + 1
                            let k = t * t * t
                            sum += k
                            columnSums[c] += k
                        }
                        rowSums[r] = sum
                    }
                }
            }
            return (rowSums, columnSums)
        }
    }

    /// One subset from its blocks of dot products within each set and across.
    private static func subset(xx: KernelRows, yy: KernelRows, xy: KernelRows, width d: Int, indices: ([Int], [Int])) -> Subset {
        let m = xx.rows.count
        let rowXX = xx.kernelSums(width: d, offDiagonal: true).rows
        let rowYY = yy.kernelSums(width: d, offDiagonal: true).rows
        let (rowXY, columnXY) = xy.kernelSums(width: d, offDiagonal: false)
        let within = (rowXX.reduce(0, +) + rowYY.reduce(0, +)) / Double(m * (m - 1))
        let across = rowXY.reduce(0, +) / Double(m * m)
        let own = Double(m - 1)
        let other = Double(m)
        return Subset(
            mmd: within - 2 * across,
            a: (0..<m).map { (indices.0[$0], rowXX[$0] / own - rowXY[$0] / other) },
            b: (0..<m).map { (indices.1[$0], rowYY[$0] / own - columnXY[$0] / other) })
    }

    /// The projections of the items drawn in some subset, each averaged over its subsets, centred.
    private static func averaged(_ subsets: [[(index: Int, value: Double)]], count: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: count)
        var seen = [Int](repeating: 0, count: count)
        for subset in subsets {
            for (i, v) in subset {
                sum[i] += v
                seen[i] += 1
            }
        }
        let drawn = (0..<count).filter { seen[$0] > 0 }.map { sum[$0] / Double(seen[$0]) }
        let mean = drawn.reduce(0, +) / Double(max(drawn.count, 1))
        return drawn.map { $0 - mean }
    }
}
