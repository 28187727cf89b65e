import Foundation
import LinearAlgebra
import TestSupport
import Testing

@testable import Analysis

/// KMeans and Kneedle against scikit-learn 1.9.1 and kneed 0.9.0 (Fixtures/kmeans/make_kmeans_fixtures.py).
@Suite struct KMeansTests {
    struct Expected: Decodable {
        let k: Int
        let n_init: Int
        let seed: UInt32
        let labels: [Int]
        let inertia: Double
        let n_iter: Int
        let centers: [[Double]]
        let elbow_ks: [Int]?
        let elbow_inertia: [Double]?
        let elbow: Int?
    }

    static func load(_ name: String) throws -> (Matrix, Expected) {
        let x = try #require(Bundle.module.url(forResource: "\(name)_X", withExtension: "npy", subdirectory: "Fixtures/kmeans"))
        let json = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/kmeans"))
        return (
            try NPYCodec.decode(try Data(contentsOf: x)).matrix(),
            try JSONDecoder().decode(Expected.self, from: try Data(contentsOf: json))
        )
    }

    @Test(arguments: ["blobs4", "blobs6_ninit", "uniform", "blobs3_30d"])
    func reproducesScikitLearn(_ name: String) throws {
        let (x, expected) = try Self.load(name)
        let fitted = try KMeans(clusterCount: expected.k, initCount: expected.n_init, seed: expected.seed).fit(x)
        #expect(fitted.labels == expected.labels, "same labels, same numbering")
        #expect(relativeDifference(fitted.inertia, expected.inertia) < 1e-9)
        #expect(fitted.iterations == expected.n_iter)
        for (c, center) in expected.centers.enumerated() {
            for (j, value) in center.enumerated() {
                #expect(abs(fitted.centers[c * x.columns + j] - value) < 1e-9 * max(1, abs(value)))
            }
        }
    }

    @Test(arguments: ["blobs4", "blobs6_ninit", "blobs3_30d"])
    func elbowCurveAndKneeMatch(_ name: String) throws {
        let (x, expected) = try Self.load(name)
        let ks = try #require(expected.elbow_ks)
        let inertias = try ks.map { try KMeans(clusterCount: $0, initCount: expected.n_init, seed: expected.seed).fit(x).inertia }
        for (ours, theirs) in zip(inertias, try #require(expected.elbow_inertia)) {
            #expect(relativeDifference(ours, theirs) < 1e-9)
        }
        #expect(Kneedle().knee(x: ks.map(Double.init), y: inertias).map { Int($0) } == expected.elbow)
    }

    @Test func kneedleMatchesKneedOnRandomCurves() throws {
        struct Curves: Decodable {
            struct Curve: Decodable {
                let x: [Double]
                let y: [Double]
                let knee: Double?
            }
            let curves: [Curve]
        }
        let url = try #require(Bundle.module.url(forResource: "kneedle_curves", withExtension: "json", subdirectory: "Fixtures/kmeans"))
        let curves = try JSONDecoder().decode(Curves.self, from: try Data(contentsOf: url)).curves
        #expect(curves.count == 40)
        for (i, curve) in curves.enumerated() {
            #expect(Kneedle().knee(x: curve.x, y: curve.y) == curve.knee, "curve \(i)")
        }
    }

    /// Every size around the fixed blocks Lloyd splits rows into (16 sum blocks, 256-row assignment
    /// blocks): each point ends nearest its centre, and the inertia is the naive sum of squared distances.
    @Test(arguments: [1, 2, 3, 15, 16, 17, 24, 31, 255, 256, 257, 600])
    func everySizeFitsConsistently(rows: Int) throws {
        let x = TestData.randomMatrix(rows: rows, columns: 3, seed: UInt64(rows))
        let k = min(3, rows)
        let fitted = try KMeans(clusterCount: k, initCount: 2, seed: 1).fit(x)
        let centre = { (c: Int) in Array(fitted.centers[(c * 3)..<((c + 1) * 3)]) }
        let squared = { (i: Int, c: Int) in (0..<3).reduce(0.0) { $0 + pow(Double(x[i, $1]) - centre(c)[$1], 2) } }
        var inertia = 0.0
        for i in 0..<rows {
            inertia += squared(i, fitted.labels[i])
            #expect((0..<k).allSatisfy { squared(i, $0) >= squared(i, fitted.labels[i]) - 1e-9 }, "row \(i) is not at its nearest centre")
        }
        #expect(abs(inertia - fitted.inertia) <= 1e-9 * max(1, inertia))
    }

    @Test func edgeCases() throws {
        let x = TestData.randomMatrix(rows: 5, columns: 2, seed: 1)
        #expect(throws: KMeansError.tooFewSamples(samples: 5, clusters: 6)) { try KMeans(clusterCount: 6).fit(x) }
        #expect(throws: KMeansError.invalidClusterCount(0)) { try KMeans(clusterCount: 0).fit(x) }
        var bad = x
        bad[2, 1] = .nan
        #expect(throws: KMeansError.nonFinite(row: 2, column: 1)) { try KMeans(clusterCount: 2).fit(bad) }
        // One cluster: the mean, inertia = total sum of squares.
        let one = try KMeans(clusterCount: 1).fit(x)
        #expect(Set(one.labels) == [0])
        // All points identical: defined result, zero inertia.
        let same = try KMeans(clusterCount: 3).fit(Matrix(rows: 6, columns: 2, repeating: 1.5))
        #expect(same.inertia == 0)
        #expect(same.labels.count == 6)
        #expect(Kneedle().knee(x: [1, 2, 3], y: [5, 5, 5]) == nil, "flat curve: no knee")
    }

    @Test func numpyRandomStateStream() {
        var r = NumPyRandomState(seed: 42)
        #expect([r.randomSample(), r.randomSample(), r.randomSample()] == [0.3745401188473625, 0.9507143064099162, 0.7319939418114051])
        var s = NumPyRandomState(seed: 0)
        #expect(s.choice(probabilities: [Double](repeating: 0.1, count: 10)) == 5)
        #expect(s.randomSample() == 0.7151893663724195)
    }

    /// scikit-learn 1.9.1: `KMeans(3, init=[[0, .5], [10, 11], [100, 100]], n_init=1, algorithm="lloyd")` on
    /// these five points moves the empty third cluster to the point farthest from its centre, (10, 13):
    /// labels [0, 0, 1, 1, 2], inertia 1.0. (With a tie for the farthest point Litmus takes the first;
    /// scikit-learn's `argpartition` picks one that depends on the data.)
    @Test func anEmptyClusterTakesTheFarthestPointAsScikitLearnDoes() {
        let x = Matrix(rowArrays: [[0, 0], [0, 1], [10, 10], [10, 11], [10, 13]])
        let data = CenteredData(x)
        let initial = [[0, 0.5], [10, 11], [100, 100]].flatMap { point in zip(point, data.mean).map { $0 - $1 } }
        let run = Lloyd(data: data, maxIterations: 300, tolerance: 1e-4 * data.meanVariance).run(from: initial)
        #expect(run.labels == [0, 0, 1, 1, 2])
        #expect(abs(run.inertia - 1.0) < 1e-9)
    }
}
