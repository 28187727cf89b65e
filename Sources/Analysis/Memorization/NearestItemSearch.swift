import CKernels
import Foundation
import LinearAlgebra

/// Each row's nearest item of another set, or of its own set with itself left out: exact, at the speed
/// of single-precision GEMM. `sgemm` on the rows rounded to Float proposes candidates; every item whose
/// approximate squared distance lies within twice a proven error bound of the row's smallest is kept,
/// and only those are scored again by the direct formula Σₜ(xₜ − yₜ)² in Double, in feature order. The
/// true nearest item is always among the candidates, so the answer (the lower index on a tie) is the
/// exact one whatever kernel ran the GEMM: the same on every CPU.
///
/// The bound: for rows x, y of width d rounded to Float and multiplied in Float in any order,
/// |fl(x̃·ỹ) − x·y| ≤ (d + 3)·u/(1 − (d + 3)·u)·Σ|xₜyₜ| ≤ γ·‖x‖‖y‖ with u = 2⁻²⁴ (Higham, *Accuracy and
/// Stability of Numerical Algorithms*, §3.1, with the two input roundings), so ‖x‖² + ‖y‖² − 2·fl(x̃·ỹ)
/// is within 2γ‖x‖‖y‖ (plus the Double norms' own rounding and Float underflow) of the squared distance.
/// - Complexity: O(|rows|·|items|·d) in GEMM plus d per candidate; O(blockRows · chunkColumns) memory per
///   core besides the Float copies of both sets.
struct NearestItemSearch: Sendable {
    static let blockRows = 512
    static let chunkColumns = 2048
    /// Above this magnitude a product of two values could leave Float's range: the search then scores
    /// every pair in Double (no candidates).
    static let largestFloatSafe = 1e15

    let rows: FeatureRows
    let items: FeatureRows
    /// Whether `rows` and `items` are the same set (row i then never has item i as its nearest).
    let sameSet: Bool

    init(rows: FeatureRows, items: FeatureRows, sameSet: Bool) {
        precondition(rows.width == items.width && (!sameSet || rows.count == items.count))
        (self.rows, self.items, self.sameSet) = (rows, items, sameSet)
    }

    /// Per row: the index of its nearest item and the distance (index −1 and +∞ when there is none).
    func nearest() -> (index: [Int], distance: [Double]) {
        var index = [Int](repeating: -1, count: rows.count)
        var distance = [Double](repeating: .infinity, count: rows.count)
        guard rows.count > 0, items.count > (sameSet ? 1 : 0) else { return (index, distance) }
        // Width 0 (every distance 0) also goes the direct way: GEMM has no products to write then.
        let floatSafe =
            rows.width > 0 && rows.values.allSatisfy { abs($0) <= Self.largestFloatSafe }
            && (sameSet || items.values.allSatisfy { abs($0) <= Self.largestFloatSafe })
        index.withUnsafeMutableBufferPointer { indexBuffer in
            distance.withUnsafeMutableBufferPointer { distanceBuffer in
                let out = (index: SendablePointer(indexBuffer.baseAddress!), distance: SendablePointer(distanceBuffer.baseAddress!))
                if floatSafe { searchByCandidates(into: out) } else { searchDirectly(into: out) }
            }
        }
        return (index, distance)
    }

    /// Σₜ(xₜ − yₜ)² in Double, in feature order: the same bits on every CPU.
    private func squaredDistance(row i: Int, item j: Int) -> Double {
        let d = rows.width
        return rows.values.withUnsafeBufferPointer { x in
            items.values.withUnsafeBufferPointer { y in
                var sum = 0.0
                let (xi, yj) = (x.baseAddress! + i * d, y.baseAddress! + j * d)
                for t in 0..<d {
                    let e = xi[t] - yj[t]
                    sum += e * e
                }
                return sum
            }
        }
    }

    /// The exact nearest among `candidates` (the lower index on a tie).
    private func bestOf(_ candidates: [Int], row i: Int) -> (index: Int, distance: Double) {
        var best = (index: -1, squared: Double.infinity)
        for j in candidates.sorted() {
            let squared = squaredDistance(row: i, item: j)
            if squared < best.squared { best = (j, squared) }
        }
        return (best.index, best.squared.squareRoot())
    }

    private func searchDirectly(into out: (index: SendablePointer<Int>, distance: SendablePointer<Double>)) {
        let (sameSet, n) = (sameSet, items.count)
        Parallel.forEachBlock(of: rows.count, size: Self.blockRows) { _, range in
            for i in range {
                let best = bestOf((0..<n).filter { !sameSet || $0 != i }, row: i)
                (out.index.pointer[i], out.distance.pointer[i]) = best
            }
        }
    }

    private func searchByCandidates(into out: (index: SendablePointer<Int>, distance: SendablePointer<Double>)) {
        let d = rows.width
        let rowFloats = rows.values.map(Float.init)
        let itemFloats = sameSet ? rowFloats : items.values.map(Float.init)
        let rowNorms = rows.squaredNorms
        let itemNorms = sameSet ? rowNorms : items.squaredNorms
        let bound = ErrorBound(width: d, largestItemNorm: (itemNorms.max() ?? 0).squareRoot())
        let blocks = (rows.count + Self.blockRows - 1) / Self.blockRows
        let states = (0..<blocks).map { block in
            BlockCandidates(rows: (block * Self.blockRows)..<min(rows.count, (block + 1) * Self.blockRows), rowNorms: rowNorms, bound: bound)
        }
        if sameSet {
            // Distances are symmetric: each tile of blocks (a, b), a < b, is offered to a's rows and,
            // transposed, to b's (half the GEMM); the tiles of a round touch disjoint blocks.
            for round in PartRounds(parts: blocks).rounds {
                DispatchQueue.concurrentPerform(iterations: round.count) { task in
                    let (a, b) = (states[round[task].first], states[round[task].second])
                    let tile = Self.products(rowFloats, a.rows, itemFloats, b.rows, width: d)
                    defer { tile.deallocate() }
                    a.offer(UnsafePointer(tile), columns: b.rows, itemNorms: itemNorms, excludingDiagonal: true)
                    if a !== b {
                        let transposed = Self.transposed(UnsafePointer(tile), rows: a.rows.count, columns: b.rows.count)
                        defer { transposed.deallocate() }
                        b.offer(UnsafePointer(transposed), columns: a.rows, itemNorms: itemNorms, excludingDiagonal: true)
                    }
                }
            }
        } else {
            let n = items.count
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let state = states[block]
                for start in stride(from: 0, to: n, by: Self.chunkColumns) {
                    let columns = start..<min(n, start + Self.chunkColumns)
                    let tile = Self.products(rowFloats, state.rows, itemFloats, columns, width: d)
                    defer { tile.deallocate() }
                    state.offer(UnsafePointer(tile), columns: columns, itemNorms: itemNorms, excludingDiagonal: false)
                }
            }
        }
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            let state = states[block]
            for (r, i) in state.rows.enumerated() {
                (out.index.pointer[i], out.distance.pointer[i]) = bestOf(state.candidates[r].map(\.item), row: i)
            }
        }
    }

    /// x·y for the rows `rows` of `x` against the rows `columns` of `y`, both Float `width` wide:
    /// `rows.count × columns.count`, row-major, to deallocate.
    private static func products(_ x: [Float], _ rows: Range<Int>, _ y: [Float], _ columns: Range<Int>, width d: Int) -> UnsafeMutablePointer<Float> {
        let tile = UnsafeMutablePointer<Float>.allocate(capacity: rows.count * columns.count)
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                BLAS.sgemm(
                    transposeB: true, m: rows.count, n: columns.count, k: d, x.baseAddress! + rows.lowerBound * d, lda: d,
                    y.baseAddress! + columns.lowerBound * d, ldb: d, tile, ldc: columns.count)
            }
        }
        return tile
    }

    private static func transposed(_ tile: UnsafePointer<Float>, rows: Int, columns: Int) -> UnsafeMutablePointer<Float> {
        let out = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
        for r in 0..<rows { for c in 0..<columns { out[c * rows + r] = tile[r * columns + c] } }
        return out
    }
}

/// How far ‖y‖² − 2·fl(x̃·ỹ) can be from ‖x − y‖² − ‖x‖² (see `NearestItemSearch`), bounded per row over
/// every item by the largest item norm.
struct ErrorBound: Sendable {
    let gamma: Double
    let doubleRounding: Double
    let underflow: Double
    let largestItemNorm: Double

    init(width d: Int, largestItemNorm: Double) {
        let u = Double(Float.ulpOfOne) / 2
        let terms = Double(d + 3)
        gamma = 1.01 * terms * u / (1 - terms * u)  // 1 % over the bound for the Double arithmetic around it
        doubleRounding = 4 * Double(d + 4) * Double.ulpOfOne
        underflow = Double(d + 3) * Double(Float.leastNonzeroMagnitude)
        self.largestItemNorm = largestItemNorm
    }

    /// Twice the bound for a row of squared norm `rowNorm`: an item within it of the row's smallest
    /// approximate value may be the nearest.
    func margin(rowNorm: Double) -> Double {
        2
            * (2 * gamma * rowNorm.squareRoot() * largestItemNorm
                + doubleRounding * (rowNorm + largestItemNorm * largestItemNorm) + 2 * underflow)
    }
}

/// One block of rows' search state: per row the smallest approximate value ‖y‖² − 2x·y so far and the
/// items within the margin of it. Mutated by one task at a time (a reference: tasks share the array).
final class BlockCandidates: @unchecked Sendable {
    let rows: Range<Int>
    private let margin: [Double]
    private var smallest: [Double]
    private(set) var candidates: [[(item: Int, approximate: Double)]]
    private var values: [Double] = []
    private var below: [Int] = []

    init(rows: Range<Int>, rowNorms: [Double], bound: ErrorBound) {
        self.rows = rows
        margin = rows.map { bound.margin(rowNorm: rowNorms[$0]) }
        smallest = [Double](repeating: .infinity, count: rows.count)
        candidates = [[(item: Int, approximate: Double)]](repeating: [], count: rows.count)
    }

    /// Takes a tile of products x·y of these rows (row-major, `rows.count × columns.count`) with the items
    /// `columns`; `excludingDiagonal`: the rows are items too, and row i never takes item i.
    func offer(_ tile: UnsafePointer<Float>, columns: Range<Int>, itemNorms: [Double], excludingDiagonal: Bool) {
        if values.count < columns.count {
            values = [Double](repeating: 0, count: columns.count)
            below = [Int](repeating: 0, count: columns.count)
        }
        for (r, i) in rows.enumerated() {
            var chunkSmallest = itemNorms.withUnsafeBufferPointer { norms in
                values.withUnsafeMutableBufferPointer { values in
                    litmus_offset_products(tile + r * columns.count, norms.baseAddress! + columns.lowerBound, columns.count, values.baseAddress!)
                }
            }
            if excludingDiagonal, columns.contains(i) {
                values[i - columns.lowerBound] = .infinity
                chunkSmallest = values[0..<columns.count].reduce(Double.infinity) { min($0, $1) }
            }
            if chunkSmallest < smallest[r] {
                // A smaller value tightens the limit: earlier candidates above it cannot be nearest.
                smallest[r] = chunkSmallest
                let limit = chunkSmallest + margin[r]
                candidates[r].removeAll { $0.approximate > limit }
            }
            let found = litmus_indices_at_most(values, columns.count, smallest[r] + margin[r], &below)
            for c in below[0..<found] { candidates[r].append((columns.lowerBound + c, values[c])) }
        }
    }
}
