import Dispatch
import Foundation
import TestSupport
import Testing

@testable import Analysis
@testable import LinearAlgebra

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
        struct Smooth: Decodable {
            let k: Int
            let rho: [Double]
            let sigma: [Double]
        }
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

    /// One prepared graph laid out in several dimensions gives, bit for bit, what a fit in each gives.
    @Test func aPreparedGraphServesEveryDimension() throws {
        let x = TestData.randomMatrix(rows: 150, columns: 6, seed: 8)
        var settings = UMAP()
        settings.epochs = 60
        let prepared = try settings.prepare(x)
        for components in [2, 3, 7] {
            settings.components = components
            #expect(try settings.layout(prepared).embedding == settings.fit(x).embedding, "\(components)-D")
        }
        settings.components = 150
        #expect(throws: UMAPError.invalidComponents(150, samples: 150)) { try settings.layout(prepared) }
    }

    /// The layout's bits do not depend on how many threads run its epochs (the sweep gives each of its
    /// concurrent layouts a share of the cores).
    @Test func theLayoutIsTheSameOnAnyNumberOfThreads() throws {
        let x = TestData.randomMatrix(rows: 300, columns: 6, seed: 12)
        var settings = UMAP()
        settings.epochs = 80
        let prepared = try settings.prepare(x)
        for components in [2, 5] {
            settings.components = components
            let one = try settings.layout(prepared, threads: 1).embedding
            for threads in [2, 3, 8] {
                #expect(try settings.layout(prepared, threads: threads).embedding == one, "\(components)-D, \(threads) threads")
            }
        }
    }

    @Test func embeddingIsReproducibleAndSeedDependent() throws {
        let x = TestData.randomMatrix(rows: 150, columns: 6, seed: 5)
        var settings = UMAP()
        settings.epochs = 60
        settings.seed = 3
        let a = try settings.fit(x).embedding
        let b = try settings.fit(x).embedding
        #expect(a == b, "same seed, same bits")
        settings.seed = 4
        #expect(try settings.fit(x).embedding != a)
        #expect(a.isFinite && a.rows == 150 && a.columns == 2)
    }

    @Test func digitsQualityMatchesUmapLearn() throws {
        struct Reference: Decodable {
            let trustworthiness: Double
            let kmeans_ari: Double
        }
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

@Suite struct UMAPDeterminismTests {
    @Test func repeatedFitsUnderLoadAreIdentical() throws {
        let x = TestData.randomMatrix(rows: 150, columns: 6, seed: 5)
        var settings = UMAP()
        settings.epochs = 40
        let runs = try (0..<4).map { _ in try settings.fit(x).embedding }
        #expect(runs.allSatisfy { $0 == runs[0] })
    }

    /// Four fits at once share the cores, so each gets its layout tasks run by a different number of
    /// threads than a fit alone; the embeddings are the same bits, for the plane and for padded rows.
    @Test(arguments: [2, 3, 30])
    func fitsSharingTheCoresMatchAFitAlone(components: Int) throws {
        let x = TestData.randomMatrix(rows: 300, columns: 40, seed: 8)
        var settings = UMAP()
        settings.components = components
        settings.epochs = 60
        let alone = try settings.fit(x).embedding
        let fixed = settings
        // Each fit's result in its own slot (Parallel.map), not one array written from four threads.
        let results = Parallel.map(4, workers: 4) { _ in try? fixed.fit(x).embedding }
        #expect(results.allSatisfy { $0 == alone })
    }
}

@Suite struct LayoutRowsTests {
    /// A three-dimensional layout (rows padded to four floats) of the digits keeps their neighbourhoods
    /// at least as well as umap-learn's two-dimensional one, and the padding stays out of the result.
    @Test func paddedRowsLayOutTheDigits() throws {
        struct Reference: Decodable { let trustworthiness: Double }
        let reference = try JSONDecoder().decode(Reference.self, from: try UMAPTests.fixture("digits", "json"))
        let x = try NPYCodec.decode(try UMAPTests.fixture("digits_X", "npy")).matrix()
        var settings = UMAP()
        settings.components = 3
        settings.seed = 42
        let embedding = try settings.fit(x).embedding
        #expect(embedding.columns == 3 && embedding.isFinite)
        let trust = Trustworthiness.score(input: x, embedding: embedding, k: 15)
        #expect(trust >= reference.trustworthiness - 0.01, "trustworthiness \(trust)")
    }

    /// Each lane of the vector generator is umap-learn's Tausworthe recurrence (docs/algorithms.md, "UMAP",
    /// in Int64 arithmetic with arithmetic shifts) started from that lane's state.
    @Test func eachLaneFollowsTheTauswortheRecurrence() {
        var seeding = SeededGenerator(seed: 9)
        var lanes = LaneRandom(&seeding)
        var scalar = (0..<8).map { [Int64(lanes.s0[$0]), Int64(lanes.s1[$0]), Int64(lanes.s2[$0])] }
        let mask: Int64 = 0xFFFF_FFFF
        for _ in 0..<1000 {
            let words = lanes.next()
            for lane in 0..<8 {
                var (s0, s1, s2) = (scalar[lane][0], scalar[lane][1], scalar[lane][2])
                s0 = (((s0 & 0xFFFF_FFFE) << 12) & mask) ^ ((((s0 << 13) & mask) ^ s0) >> 19)
                s1 = (((s1 & 0xFFFF_FFF8) << 4) & mask) ^ ((((s1 << 2) & mask) ^ s1) >> 25)
                s2 = (((s2 & 0xFFFF_FFF0) << 17) & mask) ^ ((((s2 << 3) & mask) ^ s2) >> 11)
                scalar[lane] = [s0, s1, s2]
                #expect(words[lane] == UInt32(truncatingIfNeeded: s0 ^ s1 ^ s2))
            }
        }
    }

    /// Lanes seeded apart do not repeat one another.
    @Test func lanesAreSeededApart() {
        var seeding = SeededGenerator(seed: 10)
        var lanes = LaneRandom(&seeding)
        let words = lanes.next()
        #expect(Set((0..<8).map { words[$0] }).count == 8)
    }
}

@Suite struct FastPowerTests {
    /// Against Double-precision pow over squared distances 1e-12…1e4 and the exponents min_dist gives,
    /// eight at a time as the layout computes them.
    @Test func powerIsWithin1e5RelativeOfDoublePow() {
        var worst = 0.0
        for b in [0.5, 0.79, 0.9, 1.0, 1.58] {
            for start in stride(from: 0, to: 4000, by: 8) {
                let xs = (start..<start + 8).map { Float(pow(10, -12 + 16 * Double($0) / 3999)) }
                let fast = FastPower.power(FastPower.Lanes(xs), Float(b))
                for lane in 0..<8 {
                    let exact = pow(Double(xs[lane]), b)
                    worst = max(worst, abs(Double(fast[lane]) - exact) / exact)
                }
            }
        }
        #expect(worst < 1e-5, "largest relative error \(worst)")
    }

    @Test func exp2AndLog2CoverTheNormalRange() {
        func exp2(_ y: Float) -> Float { FastPower.exp2(FastPower.Lanes(repeating: y))[0] }
        func log2(_ x: Float) -> Float { FastPower.log2(FastPower.Lanes(repeating: x))[0] }
        #expect(abs(exp2(0) - 1) < 1e-6)
        #expect(abs(exp2(-126) / Float.leastNormalMagnitude - 1) < 1e-6)
        #expect(abs(exp2(127) / 0x1p127 - 1) < 1e-6)
        #expect(exp2(500).isFinite && exp2(-500) > 0)
        #expect(log2(1) == 0)
        #expect(abs(log2(Float.greatestFiniteMagnitude) - 128) < 1e-5)
        #expect(log2(Float.leastNonzeroMagnitude) == -126, "subnormals count as the smallest normal")
    }

    /// Lanes do not mix: each lane's result depends on that lane's input only.
    @Test func lanesAreIndependent() {
        let xs = FastPower.Lanes(0.5, 2, 3, 1e-8, 7, 1e3, 0.25, 1)
        let together = FastPower.power(xs, 0.9)
        for lane in 0..<8 {
            #expect(together[lane] == FastPower.power(FastPower.Lanes(repeating: xs[lane]), 0.9)[0])
        }
    }
}

@Suite struct LayoutCoefficientTests {
    /// The C kernel (AVX2 and baseline versions, each this CPU runs) against the Swift definition, bit for
    /// bit: squared distances from 0 through subnormals to 1e30, with and without the tail in lane 0,
    /// every count of used lanes, the curves min_dist gives.
    @Test func everyKernelVersionHasTheBitsOfTheSwiftDefinition() {
        var g = SeededGenerator(seed: 21)
        let batch = SampleBatch(stride: 4)
        defer { batch.deallocate() }
        let special: [Float] = [0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1e-30, 1, 2, 1e30, 0.5]
        for (a, b) in [(1.577, 0.895), (1.929, 0.791), (0.583, 1.334)] {
            let curve = LayoutCurve(CurveParameters(a: a, b: b), repulsionStrength: 1)
            for trial in 0..<400 {
                let values = trial == 0 ? special : (0..<8).map { _ in Float(pow(10, -12 + 18 * g.nextUnit())) }
                let used = 1 + trial % 8
                let tail = trial % 2 == 0
                for lane in 0..<8 { batch.distances[lane] = values[lane] }
                batch.referenceCoefficients(lanes: used, tailInFirstLane: tail, curve: curve)
                let expected = (0..<8).map { batch.coefficients[$0].bitPattern }
                for isa in VectorISA.runnable {
                    for lane in 0..<8 { batch.coefficients[lane] = .nan }
                    batch.computeCoefficients(lanes: used, tailInFirstLane: tail, curve: curve, isa: isa)
                    #expect((0..<8).map { batch.coefficients[$0].bitPattern } == expected, "\(isa), trial \(trial)")
                }
            }
        }
    }
}

@Suite struct LayoutSweepKernelTests {
    /// The C edge loop (every version this CPU runs) against its Swift definition, bit for bit, through
    /// whole layouts: the plane, one-component rows, rows of one, two and four vectors and a half vector
    /// left over; a high learning rate, so steps are clipped, and a high negative sample rate, so an
    /// edge's samples fill several batches.
    @Test(arguments: [1, 2, 3, 5, 8, 13, 30])
    func everyVersionHasTheBitsOfTheSwiftDefinition(components: Int) throws {
        let x = TestData.randomMatrix(rows: 240, columns: 12, seed: 31)
        var settings = UMAP()
        settings.epochs = 40
        let prepared = try settings.prepare(x)
        var start = [Float]()
        var g = SeededGenerator(seed: 5)
        for _ in 0..<(240 * components) { start.append(Float(g.nextUnit() * 20 - 10)) }
        for (rate, negatives) in [(1.0, 5.0), (4.0, 19.0)] {
            func layout(_ kernel: VectorISA?) -> [Float] {
                var embedding = start
                var random = SeededGenerator(seed: 9)
                var optimizer = LayoutOptimizer(
                    graph: prepared.graph, curve: CurveParameters(minDist: 0.1, spread: 1), epochs: 40, learningRate: rate,
                    negativeSampleRate: negatives, repulsionStrength: 1)
                optimizer.kernel = kernel
                optimizer.optimize(&embedding, dimensions: components, random: &random)
                return embedding
            }
            let reference = layout(nil).map(\.bitPattern)
            #expect(reference != start.map(\.bitPattern))
            for isa in VectorISA.runnable {
                #expect(layout(isa).map(\.bitPattern) == reference, "\(isa), \(components)-D, rate \(rate)")
            }
        }
    }
}
