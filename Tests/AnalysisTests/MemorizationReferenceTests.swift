import Foundation
import LinearAlgebra
import TestSupport
import Testing

@testable import Analysis

/// Nearest training items, the copy ratio, AuthPct and C_T against scikit-learn 1.9.1 and dgm-eval's
/// formulas (Fixtures/memorization/make_memorization_fixtures.py; six near-copies planted).
@Suite struct MemorizationReferenceTests {
    struct Fixture: Decodable {
        struct CT: Decodable {
            struct Cell: Decodable {
                let n_train: Int
                let n_heldout: Int
                let n_generated: Int
                let U: Double
                let Z: Double
                let weight: Double
                let included: Bool
            }
            let cells: [Cell]
        }
        let planted_copies: [Int]
        let nearest_index: [Int]
        let nearest_distance: [Double]
        let train_nn_distance: [Double]
        let ratio: [Double]
        let copies_at_one_third: [Int]
        let authpct: Double
        let ct: Double
        let ct_detail: CT
        struct SSIM: Decodable {
            struct Pair: Decodable {
                let a: String
                let b: String
                let ssim: Double
            }
            let images: [String: [[Double]]]
            let pairs: [Pair]
        }
        let ssim: SSIM
    }

    static func load(_ name: String) throws -> Matrix {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "npy", subdirectory: "Fixtures/memorization"))
        return try NPYCodec.decode(try Data(contentsOf: url)).matrix()
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "memorization", withExtension: "json", subdirectory: "Fixtures/memorization"))
        return try JSONDecoder().decode(Fixture.self, from: try Data(contentsOf: url))
    }

    @Test func nearestTrainingItemsRatiosCopiesAndAuthPct() throws {
        let f = try Self.fixture()
        let nearest = NearestTraining(generated: FeatureRows(try Self.load("generated")), training: FeatureRows(try Self.load("train")))
        #expect(nearest.index == f.nearest_index)
        for (ours, theirs) in zip(nearest.distance, f.nearest_distance) { #expect(relativeDifference(ours, theirs) <= 1e-9) }
        for (ours, theirs) in zip(nearest.trainingNeighbourDistance, f.train_nn_distance) { #expect(relativeDifference(ours, theirs) <= 1e-9) }
        for (ours, theirs) in zip(nearest.ratio, f.ratio) { #expect(relativeDifference(ours, theirs) <= 1e-9) }
        #expect(nearest.copies() == f.copies_at_one_third)
        #expect(nearest.copies() == f.planted_copies.sorted(), "exactly the planted copies are flagged")
        #expect(nearest.authenticity == f.authpct)
    }

    @Test func dataCopyingTestIsDgmEvals() throws {
        let f = try Self.fixture()
        let test = try DataCopyingTest(
            training: try Self.load("train"), heldout: try Self.load("heldout"), generated: try Self.load("generated"), seed: 0)
        #expect(abs(test.value - f.ct) <= 1e-9, "C_T \(test.value) vs \(f.ct)")
        // Cells are numbered differently by each k-means: compare them as a set.
        let ours = test.cells.map { "\($0.training) \($0.heldout) \($0.generated) \($0.u) \($0.included)" }.sorted()
        let theirs = f.ct_detail.cells.map { "\($0.n_train) \($0.n_heldout) \($0.n_generated) \($0.U) \($0.included)" }.sorted()
        #expect(ours == theirs)
        for cell in test.cells {
            let reference = try #require(f.ct_detail.cells.first { $0.n_train == cell.training })
            #expect(abs(cell.z - reference.Z) <= 1e-12 && abs(cell.weight - reference.weight) <= 1e-12)
        }
    }

    /// Against scikit-image 0.26's `structural_similarity(a, b, data_range=1.0)`.
    @Test func structuralSimilarityIsScikitImages() throws {
        let f = try Self.fixture().ssim
        for pair in f.pairs {
            let (a, b) = (try #require(f.images[pair.a]), try #require(f.images[pair.b]))
            let ssim = StructuralSimilarity.mean(a.flatMap { $0 }, b.flatMap { $0 }, width: a[0].count, height: a.count)
            #expect(abs(ssim - pair.ssim) <= 1e-6, "\(pair.a) against \(pair.b): \(ssim) vs \(pair.ssim)")
        }
    }
}
