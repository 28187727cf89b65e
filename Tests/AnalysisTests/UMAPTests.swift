@testable import Analysis
import Foundation
@testable import LinearAlgebra
import Testing
import TestSupport

/// UMAP against umap-learn 0.5 (Fixtures/umap/make_umap_fixtures.py).
@Suite struct UMAPTests {
    static func fixture(_ name: String, _ ext: String) throws -> Data {
        try Data(contentsOf: try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/umap")))
    }

    @Test func curveParametersMatchUmapLearn() throws {
        struct AB: Decodable { let ab: [String: [Double]] }
        for (minDist, expected) in try JSONDecoder().decode(AB.self, from: try Self.fixture("ab", "json")).ab {
            let fitted = CurveParameters(minDist: Double(minDist)!, spread: 1)
            #expect(abs(fitted.a - expected[0]) < 1e-4 * expected[0], "a for min_dist \(minDist)")
            #expect(abs(fitted.b - expected[1]) < 1e-4 * expected[1], "b for min_dist \(minDist)")
        }
    }

    @Test func rhoAndSigmaMatchUmapLearn() throws {
        struct Smooth: Decodable { let k: Int; let rho: [Double]; let sigma: [Double] }
        let expected = try JSONDecoder().decode(Smooth.self, from: try Self.fixture("smooth", "json"))
        let x = try NPYCodec.decode(try Self.fixture("smooth_X", "npy")).matrix()
        let knn = NearestNeighbors().graph(x, k: expected.k)
        let smoothing = FuzzySimplicialSet(neighbors: knn, localConnectivity: 1, setOpMixRatio: 1).smoothing()
        for i in 0..<x.rows {
            #expect(abs(Double(smoothing.rho[i]) - expected.rho[i]) <= 2e-6 * max(1, expected.rho[i]), "rho[\(i)]")
            #expect(abs(Double(smoothing.sigma[i]) - expected.sigma[i]) <= 2e-5 * max(1, expected.sigma[i]), "sigma[\(i)]")
        }
    }

    @Test func neighbourSearchDoesNotDependOnHowWorkIsSplit() {
        let x = TestData.randomMatrix(rows: 500, columns: 8, seed: 6)
        let graphs = [7, 64, 256, 1000].map { NearestNeighbors(blockRows: $0).graph(x, k: 15) }
        #expect(graphs.allSatisfy { $0 == graphs[0] })
    }

    @Test func embeddingIsReproducibleAndSeedDependent() throws {
        let x = TestData.randomMatrix(rows: 150, columns: 6, seed: 5)
        var settings = UMAP()
        settings.epochs = 60
        settings.seed = 3
        let a = try settings.fit(x).embedding, b = try settings.fit(x).embedding
        #expect(a == b, "same seed, same bits")
        settings.seed = 4
        #expect(try settings.fit(x).embedding != a)
        #expect(a.isFinite && a.rows == 150 && a.columns == 2)
    }

    @Test func digitsQualityMatchesUmapLearn() throws {
        struct Reference: Decodable { let trustworthiness: Double; let kmeans_ari: Double }
        let reference = try JSONDecoder().decode(Reference.self, from: try Self.fixture("digits", "json"))
        let x = try NPYCodec.decode(try Self.fixture("digits_X", "npy")).matrix()
        let classes = try #require(try NPYCodec.decode(try Self.fixture("digits_y", "npy")).integers)
        var settings = UMAP()
        settings.seed = 42
        let embedding = try settings.fit(x).embedding
        let trust = Trustworthiness.score(input: x, embedding: embedding, k: 15)
        #expect(abs(trust - reference.trustworthiness) <= 0.01, "trustworthiness \(trust) vs umap-learn \(reference.trustworthiness)")
        let labels = try KMeans(clusterCount: 10, initCount: 10, seed: 0).fit(embedding).labels
        let ari = ClusterAgreement(classes, labels).adjustedRandIndex
        #expect(ari >= reference.kmeans_ari - 0.05, "k-means ARI \(ari) vs umap-learn \(reference.kmeans_ari)")
    }

    @Test func disconnectedGraphsAreLaidOutPerComponent() throws {
        // Three far-apart groups with fewer neighbours than group size: the graph has three components.
        var rows = [[Float]]()
        for g in 0..<3 { for i in 0..<30 { rows.append([Float(g) * 1000 + Float(i % 5), Float(i / 5)]) } }
        var settings = UMAP()
        settings.neighbors = 5
        settings.epochs = 50
        let fitted = try settings.fit(Matrix(rowArrays: rows))
        #expect(fitted.graph.components().count == 3)
        #expect(!fitted.usedRandomInitialization)
        #expect(fitted.embedding.isFinite)
    }

    @Test func tooManyNeighboursIsAClearError() {
        var settings = UMAP()
        settings.neighbors = 15
        #expect(throws: UMAPError.moreNeighborsThanSamples(neighbors: 15, samples: 10)) {
            try settings.fit(TestData.randomMatrix(rows: 10, columns: 3, seed: 1))
        }
        #expect(UMAPError.moreNeighborsThanSamples(neighbors: 15, samples: 10).description.contains("use n_neighbors ≤ 10"))
    }

    @Test func trustworthinessOfAnIsometryIsOne() {
        let x = TestData.randomMatrix(rows: 40, columns: 2, seed: 2)
        #expect(abs(Trustworthiness.score(input: x, embedding: x, k: 5) - 1) < 1e-12)
    }
}

@Suite struct UMAPBlockTests {
    /// Every vertex belongs to exactly the block its edges are processed in (a mismatch is a data race).
    @Test func blockOwnershipMatchesEdgeAssignment() {
        for n in [3, 7, 16, 17, 150, 1000, 8000] {
            let blocks = min(LayoutOptimizer.blockCount, n)
            var owner = [Int](repeating: -1, count: n)
            for b in 0..<blocks {
                for v in LayoutOptimizer.vertices(ofBlock: b, count: n, blocks: blocks) {
                    #expect(owner[v] == -1, "n \(n): vertex \(v) in two blocks")
                    owner[v] = b
                }
            }
            for v in 0..<n { #expect(owner[v] == LayoutOptimizer.block(of: v, count: n, blocks: blocks), "n \(n), vertex \(v)") }
        }
    }

    @Test func repeatedFitsUnderLoadAreIdentical() throws {
        let x = TestData.randomMatrix(rows: 150, columns: 6, seed: 5)
        var settings = UMAP()
        settings.epochs = 40
        let runs = try (0..<4).map { _ in try settings.fit(x).embedding }
        #expect(runs.allSatisfy { $0 == runs[0] })
    }
}

@Suite struct FastPowerTests {
    /// Against Double-precision pow over squared distances 1e-12…1e4 and the exponents min_dist gives;
    /// the error is that of Float arithmetic on b·log₂x.
    @Test func powerIsWithin1e5RelativeOfDoublePow() {
        var worst = 0.0
        for b in [0.5, 0.79, 0.9, 1.0, 1.58] {
            for step in 0..<4000 {
                let x = Float(pow(10, -12 + 16 * Double(step) / 3999))
                let exact = pow(Double(x), b)
                let fast = Double(FastPower.power(x, Float(b)))
                worst = max(worst, abs(fast - exact) / exact)
            }
        }
        #expect(worst < 1e-5, "largest relative error \(worst)")
    }

    @Test func exp2AndLog2CoverTheNormalRange() {
        #expect(abs(FastPower.exp2(0) - 1) < 1e-6)
        #expect(abs(FastPower.exp2(-126) / Float.leastNormalMagnitude - 1) < 1e-6)
        #expect(abs(FastPower.exp2(127) / 0x1p127 - 1) < 1e-6)
        #expect(FastPower.exp2(500).isFinite && FastPower.exp2(-500) > 0)
        #expect(FastPower.log2(1) == 0)
        #expect(abs(FastPower.log2(Float.greatestFiniteMagnitude) - 128) < 1e-5)
        #expect(FastPower.log2(Float.leastNonzeroMagnitude) == -126, "subnormals count as the smallest normal")
    }
}
