import Analysis
import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// ARI, NMI and silhouette against scikit-learn 1.9.1 (Fixtures/metrics/make_metrics_fixtures.py).
@Suite struct ClusterMetricsTests {
    struct Fixture: Decodable {
        struct Pair: Decodable {
            let a: [Int]
            let b: [Int]
            let ari: Double
            let nmi: Double
        }
        struct SilhouetteCase: Decodable {
            let X: [[Double]]
            let labels: [Int]
            let score: Double
        }
        let pairs: [Pair]
        let silhouettes: [SilhouetteCase]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "metrics", withExtension: "json", subdirectory: "Fixtures/metrics"))
        return try JSONDecoder().decode(Fixture.self, from: try Data(contentsOf: url))
    }

    @Test func ariAndNMIMatchScikitLearn() throws {
        for (i, pair) in try Self.fixture().pairs.enumerated() {
            let agreement = ClusterAgreement(pair.a, pair.b)
            #expect(abs(agreement.adjustedRandIndex - pair.ari) <= 1e-9, "pair \(i) ARI")
            #expect(abs(agreement.normalizedMutualInformation - pair.nmi) <= 1e-9, "pair \(i) NMI")
        }
    }

    @Test func silhouetteMatchesScikitLearn() throws {
        for (i, c) in try Self.fixture().silhouettes.enumerated() {
            let x = Matrix(rowArrays: c.X.map { $0.map(Float.init) })
            #expect(abs(try Silhouette.score(x, labels: c.labels) - c.score) <= 1e-9, "case \(i)")
        }
    }

    @Test func invariants() {
        let a = [0, 0, 1, 1, 2, 2, -1]
        #expect(ClusterAgreement(a, a).adjustedRandIndex == 1)
        #expect(ClusterAgreement(a, a.map { $0 * 10 + 3 }).adjustedRandIndex == 1, "renaming does not matter")
        #expect(ClusterAgreement(a, a.map(String.init)).normalizedMutualInformation == 1)
        let b = [1, 0, 0, 2, 2, 1, 1]
        #expect(ClusterAgreement(a, b).adjustedRandIndex == ClusterAgreement(b, a).adjustedRandIndex, "symmetric")
        #expect(ClusterAgreement([0, 0, 0], [0, 1, 2]).adjustedRandIndex == 0, "one cluster against singletons")
        #expect(ClusterAgreement([0, 0, 0], [1, 1, 1]).normalizedMutualInformation == 1)
        // Large n: tp·tn exceeds Int64, computed exactly.
        let big = (0..<200_000).map { $0 % 3 }
        let other = (0..<200_000).map { $0 % 3 == 0 ? 0 : ($0 % 5 == 0 ? 2 : 1) }
        let ari = ClusterAgreement(big, other).adjustedRandIndex
        #expect(ari > 0 && ari < 1)
    }

    @Test func silhouetteNeedsTwoToNMinusOneLabels() {
        let x = TestData.randomMatrix(rows: 4, columns: 2, seed: 1)
        #expect(throws: Silhouette.Failure.labelCount(distinct: 1, samples: 4)) { try Silhouette.score(x, labels: [0, 0, 0, 0]) }
        #expect(throws: Silhouette.Failure.labelCount(distinct: 4, samples: 4)) { try Silhouette.score(x, labels: [0, 1, 2, 3]) }
    }

    @Test func compositionCountsAndMajorityAccuracy() {
        let composition = Composition(
            clusters: [0, 0, 0, 1, 1, -1, 1, 0],
            categories: ["real", "real", "fake", "fake", "fake", "real", "fake", "real"])
        #expect(composition.clusters == [-1, 0, 1])
        #expect(composition.categories == ["fake", "real"])
        #expect(composition.counts == [[0, 1], [1, 3], [3, 0]])
        #expect(composition.majority(ofRow: 1) == "real")
        #expect(composition.majorityAccuracy() == 6.0 / 7.0)
        #expect(composition.majorityAccuracy(includeNoise: true) == 7.0 / 8.0)
    }

    @Test func representativesAreNearestTheCentroid() {
        let x = Matrix(rowArrays: [[0, 0], [2, 0], [1, 0.1], [10, 10], [12, 10], [11, 9], [50, 50]])
        let reps = Representatives.nearestToCentroid(x, labels: [0, 0, 0, 1, 1, 1, -1], count: 2)
        #expect(reps.map(\.cluster) == [0, 1], "noise excluded")
        #expect(reps[0].members == [2, 0], "nearest first; tie (0 and 1) to the smaller index")
        #expect(reps[1].members.first == 5 || reps[1].members.first == 3)
        // Naive reference: the argmin of distances to the mean.
        let mean = (10.0 + 12 + 11) / 3
        let meanY = (10.0 + 10 + 9) / 3
        let distances = [3, 4, 5].map { i in pow(Double(x[i, 0]) - mean, 2) + pow(Double(x[i, 1]) - meanY, 2) }
        #expect(reps[1].members.first == [3, 4, 5][distances.firstIndex(of: distances.min()!)!])
    }
}
