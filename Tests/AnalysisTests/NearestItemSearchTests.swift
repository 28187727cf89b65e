import CKernels
import LinearAlgebra
import Testing

@testable import Analysis

/// The single-precision search against a naive scan in Double: the same nearest item (the lower index on a
/// tie) and the same distance bits, also where Float cannot tell the items apart.
@Suite struct NearestItemSearchTests {
    /// Every pair scored by Σ(x − y)² in Double: the definition the search must reproduce.
    static func naive(_ rows: FeatureRows, _ items: FeatureRows, sameSet: Bool) -> (index: [Int], distance: [Double]) {
        let d = rows.width
        var index = [Int]()
        var distance = [Double]()
        for i in 0..<rows.count {
            var best = (j: -1, squared: Double.infinity)
            for j in 0..<items.count where !(sameSet && i == j) {
                var sum = 0.0
                for t in 0..<d {
                    let e = rows.values[i * d + t] - items.values[j * d + t]
                    sum += e * e
                }
                if sum < best.squared { best = (j, sum) }
            }
            index.append(best.j)
            distance.append(best.squared.squareRoot())
        }
        return (index, distance)
    }

    static func random(_ count: Int, _ width: Int, offset: Double = 0, scale: Double = 1, seed: UInt64) -> FeatureRows {
        var generator = SeededGenerator(seed: seed)
        return FeatureRows(count: count, width: width, values: (0..<(count * width)).map { _ in offset + scale * generator.nextUnit() })
    }

    @Test(arguments: [(rows: 300, items: 2500, width: 40), (rows: 7, items: 3, width: 1), (rows: 520, items: 700, width: 130)])
    func equalsTheNaiveScan(_ shape: (rows: Int, items: Int, width: Int)) {
        let rows = Self.random(shape.rows, shape.width, seed: 1)
        let items = Self.random(shape.items, shape.width, seed: 2)
        let search = NearestItemSearch(rows: rows, items: items, sameSet: false).nearest()
        let naive = Self.naive(rows, items, sameSet: false)
        #expect(search.index == naive.index)
        #expect(search.distance == naive.distance)
        let own = NearestItemSearch(rows: items, items: items, sameSet: true).nearest()
        let ownNaive = Self.naive(items, items, sameSet: true)
        #expect(own.index == ownNaive.index)
        #expect(own.distance == ownNaive.distance)
    }

    /// Values of 10⁴ that differ by 10⁻³: in Float they all round alike, so every item is a candidate and
    /// the Double check alone decides.
    @Test func itemsFloatCannotSeparate() {
        let rows = Self.random(40, 16, offset: 1e4, scale: 1e-3, seed: 3)
        let items = Self.random(300, 16, offset: 1e4, scale: 1e-3, seed: 4)
        let search = NearestItemSearch(rows: rows, items: items, sameSet: false).nearest()
        let naive = Self.naive(rows, items, sameSet: false)
        #expect(search.index == naive.index && search.distance == naive.distance)
    }

    /// Duplicates tie at 0: the lower index wins, as in scikit-learn; an item's own twin is its nearest other.
    @Test func tiesGoToTheLowerIndex() {
        let base = Self.random(50, 8, seed: 5)
        let items = FeatureRows(count: 100, width: 8, values: base.values + base.values)
        let search = NearestItemSearch(rows: base, items: items, sameSet: false).nearest()
        #expect(search.index == Array(0..<50) && search.distance.allSatisfy { $0 == 0 })
        let own = NearestItemSearch(rows: items, items: items, sameSet: true).nearest()
        #expect(own.index == Array(50..<100) + Array(0..<50) && own.distance.allSatisfy { $0 == 0 })
    }

    /// Width 0: every distance is 0, so the nearest item is the first (the first other one within a set).
    @Test func zeroWidthRowsTakeTheFirstItem() {
        let rows = FeatureRows(count: 3, width: 0, values: [])
        let items = FeatureRows(count: 4, width: 0, values: [])
        let search = NearestItemSearch(rows: rows, items: items, sameSet: false).nearest()
        #expect(search.index == [0, 0, 0] && search.distance == [0, 0, 0])
        let own = NearestItemSearch(rows: items, items: items, sameSet: true).nearest()
        #expect(own.index == [1, 0, 0, 0] && own.distance == [0, 0, 0, 0])
    }

    /// Values beyond Float's safe range are scored in Double throughout.
    @Test func hugeValuesAreScoredInDouble() {
        let rows = Self.random(20, 4, scale: 1e20, seed: 6)
        let items = Self.random(60, 4, scale: 1e20, seed: 7)
        let search = NearestItemSearch(rows: rows, items: items, sameSet: false).nearest()
        let naive = Self.naive(rows, items, sameSet: false)
        #expect(search.index == naive.index && search.distance == naive.distance)
    }

    /// The tile passes in C, every version this CPU runs, against the formula in Swift: the same bits, minimum
    /// and candidates.
    @Test func tileKernelsAreTheFormulaOnEveryISA() {
        var generator = SeededGenerator(seed: 8)
        for count in [0, 1, 7, 8, 9, 64, 203] {
            let products = (0..<count).map { _ in Float(generator.nextUnit() * 200 - 100) }
            let offsets = (0..<count).map { _ in generator.nextUnit() * 1e4 }
            let expected = zip(offsets, products).map { $0 - 2 * Double($1) }
            for isa in VectorISA.runnable {
                var values = [Double](repeating: .nan, count: count)
                let smallest = litmus_offset_products_isa(isa.kernel, products, offsets, count, &values)
                #expect(values.map(\.bitPattern) == expected.map(\.bitPattern), "\(isa), \(count) values")
                #expect(smallest == (expected.min() ?? .infinity), "\(isa), \(count) values")
                let limit = count > 0 ? expected[count / 2] : 0
                var indices = [Int](repeating: -1, count: count)
                let found = litmus_indices_at_most_isa(isa.kernel, expected, count, limit, &indices)
                #expect(Array(indices[0..<found]) == expected.indices.filter { expected[$0] <= limit }, "\(isa), \(count) values")
            }
        }
    }
}
