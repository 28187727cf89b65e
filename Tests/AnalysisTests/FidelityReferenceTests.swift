import Foundation
import LinearAlgebra
import TestSupport
import Testing

@testable import Analysis

/// The distribution metrics against the reference tools: prdc 0.2, scipy's `sqrtm`, the NumPy MMD,
/// vendi-score and scikit-learn's 1-NN classifier (Fixtures/fidelity/make_fidelity_fixtures.py).
@Suite struct FidelityReferenceTests {
    struct Fixture: Decodable {
        struct PRDC: Decodable {
            let name: String
            let real: [[Double]]
            let fake: [[Double]]
            let k: Int
            let precision: Double
            let recall: Double
            let density: Double
            let coverage: Double
            let realism: [Double]
        }
        struct FD: Decodable {
            let name: String
            let a: [[Double]]
            let b: [[Double]]
            let sqrtm: Double?
            let nuclear: Double
        }
        struct KD: Decodable {
            let name: String
            let a: [[Double]]
            let b: [[Double]]
            let mmd2: Double
        }
        struct Vendi: Decodable {
            let name: String
            let x: [[Double]]
            let score: Double
        }
        struct VendiK: Decodable {
            let name: String
            let K: [[Double]]
            let score: Double
        }
        struct OneNN: Decodable {
            let name: String
            let real: [[Double]]
            let fake: [[Double]]
            let accuracy: Double
        }
        let prdc: [PRDC]
        let fd: [FD]
        let kd: [KD]
        let vendi: [Vendi]
        let vendi_K: [VendiK]
        let onenn: [OneNN]
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "fidelity", withExtension: "json", subdirectory: "Fixtures/fidelity")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// The fixture's rows as the features Litmus reads: Float, then Double.
    static func rows(_ values: [[Double]]) -> FeatureRows { FeatureRows(Matrix(rowArrays: values.map { $0.map(Float.init) })) }

    @Test func precisionRecallDensityCoverageAreProdc() {
        for c in Self.fixture.prdc {
            let m = NeighbourhoodMetrics(real: Self.rows(c.real), generated: Self.rows(c.fake), k: c.k)
            #expect(m.precision == c.precision, "\(c.name) precision")
            #expect(m.recall == c.recall, "\(c.name) recall")
            #expect(abs(m.density - c.density) <= 1e-12, "\(c.name) density \(m.density) vs \(c.density)")
            #expect(m.coverage == c.coverage, "\(c.name) coverage")
            #expect(m.realism.count == c.realism.count)
            for (j, (ours, theirs)) in zip(m.realism, c.realism).enumerated() {
                #expect(relativeDifference(ours, theirs) <= 1e-9, "\(c.name) realism of item \(j): \(ours) vs \(theirs)")
            }
        }
    }

    /// Identical sets: every item lies in its twin's neighbourhood, and with prdc's strict `<` an item's own
    /// k-th neighbour (exactly at its radius) is not counted, so density is exactly 1 (it would be (k+1)/k with `≤`).
    @Test func identicalSetsGiveOneEverywhere() {
        let c = Self.fixture.prdc.first { $0.name == "identical_copy" }!
        let m = NeighbourhoodMetrics(real: Self.rows(c.real), generated: Self.rows(c.real), k: c.k)
        #expect([m.precision, m.recall, m.density, m.coverage] == [1, 1, 1, 1])
        #expect(m.nearestNeighbourAccuracy == 0, "every item's nearest other item is its twin in the other set")
        let random = FeatureRows(TestData.randomMatrix(rows: 50, columns: 7, seed: 4))
        let same = NeighbourhoodMetrics(real: random, generated: random, k: 3)
        #expect([same.precision, same.recall, same.density, same.coverage] == [1, 1, 1, 1], "on data whose products round")
    }

    @Test func frechetDistanceIsScipysWhereSqrtmIsWellConditioned() throws {
        for c in Self.fixture.fd {
            let fd = try FrechetDistance(Self.rows(c.a), Self.rows(c.b))
            // The nuclear-norm form is exact in every case, singular ones included.
            #expect(abs(fd.value - c.nuclear) <= 1e-9 * max(1, abs(c.nuclear)), "\(c.name): \(fd.value) vs \(c.nuclear)")
            if let sqrtm = c.sqrtm, ["different_mean_cov", "nearly_equal"].contains(c.name) {
                #expect(relativeDifference(fd.value, sqrtm) <= 1e-6, "\(c.name): \(fd.value) vs sqrtm \(sqrtm)")
            }
            #expect(fd.value.isFinite)
            let expectSingular = ["n_lt_d", "rank_deficient"].contains(c.name)
            #expect(fd.singular == expectSingular, "\(c.name) singular \(fd.ranks)")
        }
        let same = Self.fixture.fd.first { $0.name == "identical" }!
        #expect(try FrechetDistance(Self.rows(same.a), Self.rows(same.b)).value <= 1e-12)
    }

    @Test func kernelDistanceOfOneSubsetOfAllItemsIsTheUnbiasedMMD() {
        for c in Self.fixture.kd {
            let (a, b) = (Self.rows(c.a), Self.rows(c.b))
            let kd = KernelDistance(a, b, settings: .init(subsets: 1, subsetSize: a.count, seed: 1))
            #expect(abs(kd.value - c.mmd2) <= 1e-9, "\(c.name): \(kd.value) vs \(c.mmd2)")
            #expect(kd.standardDeviation == 0)
            let shrunk = KernelDistance(a, b, settings: .init(subsets: 3, subsetSize: 10_000, seed: 1))
            #expect(shrunk.subsetSize == a.count && abs(shrunk.value - c.mmd2) <= 1e-9, "a subset larger than the sets shrinks to them")
        }
    }

    @Test func vendiScoreIsTheVendiScorePackages() throws {
        for c in Self.fixture.vendi {
            let score = try VendiScore(Self.rows(c.x)).value
            #expect(abs(score - c.score) <= 1e-9, "\(c.name): \(score) vs \(c.score)")
        }
        for c in Self.fixture.vendi_K {
            let n = c.K.count
            let values = try SymmetricEigen.values(symmetric: c.K.flatMap { $0 }.map { $0 / Double(n) }, n: n)
            #expect(abs(exp(VendiScore.entropy(values)) - c.score) <= 1e-9)
        }
    }

    @Test func nearestNeighbourAccuracyIsScikitLearns() {
        for c in Self.fixture.onenn {
            let m = NeighbourhoodMetrics(real: Self.rows(c.real), generated: Self.rows(c.fake), k: 1)
            #expect(m.nearestNeighbourAccuracy == c.accuracy, "\(c.name)")
        }
    }

    /// The 1-NN neighbours against a brute-force search, and the p-value's range.
    @Test func nearestNeighboursAndPermutationPValue() {
        let real = FeatureRows(TestData.randomMatrix(rows: 40, columns: 3, seed: 7))
        let fake = FeatureRows(TestData.randomMatrix(rows: 30, columns: 3, seed: 8, low: -0.5, high: 1.5))
        let m = NeighbourhoodMetrics(real: real, generated: fake, k: 2)
        let union = FeatureRows(count: 70, width: 3, values: real.values + fake.values)
        for u in 0..<70 {
            let nearest = (0..<70).filter { $0 != u }.min { a, b in Self.distance(union, u, a) < Self.distance(union, u, b) }!
            #expect(m.nearestIndex[u] == nearest, "item \(u)")
            #expect(m.nearestOfOwnSet[u] == ((u < 40) == (nearest < 40)))
        }
        let p = m.permutationPValue(permutations: 200, seed: 3)
        #expect(p > 0 && p <= 1)
        #expect(p == m.permutationPValue(permutations: 200, seed: 3), "seeded")
        let apart = NeighbourhoodMetrics(
            real: real, generated: FeatureRows(TestData.randomMatrix(rows: 30, columns: 3, seed: 9, low: 5, high: 6)), k: 2)
        #expect(apart.nearestNeighbourAccuracy == 1 && apart.permutationPValue(permutations: 200, seed: 3) == 1.0 / 201)
    }

    private static func distance(_ x: FeatureRows, _ i: Int, _ j: Int) -> Double {
        (0..<x.width).reduce(0) { $0 + pow(x.values[i * x.width + $1] - x.values[j * x.width + $1], 2) }
    }
}
