import Analysis
import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// PCA against scikit-learn 1.9 values saved by Fixtures/pca/make_pca_fixtures.py.
@Suite struct PCATests {
    struct Expected: Decodable {
        let n_components: Int
        let explained_variance: [Double]
        let explained_variance_ratio: [Double]
        let singular_values: [Double]
        let components: [[Double]]
        let mean: [Double]
        let noise_variance: Double
        let transform_first_rows: [[Double]]
        let full_ratio: [Double]
    }

    private func load(_ name: String) throws -> (Matrix, Expected) {
        let x = try #require(Bundle.module.url(forResource: "\(name)_X", withExtension: "npy", subdirectory: "Fixtures/pca"))
        let json = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/pca"))
        return (
            try NPYCodec.decode(try Data(contentsOf: x)).matrix(),
            try JSONDecoder().decode(Expected.self, from: try Data(contentsOf: json))
        )
    }

    private func expectClose(
        _ a: [Double], _ b: [Double], relative: Double, absolute: Double = 0,
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(a.count == b.count, "\(what): count", sourceLocation: sourceLocation)
        for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > absolute {
            #expect(relativeDifference(x, y) <= relative, "\(what)[\(i)]: \(x) vs \(y)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [("tall", PCA.Components.count(5)), ("wide", .all), ("fraction", .varianceFraction(0.9))])
    func agreesWithScikitLearn(_ name: String, _ components: PCA.Components) throws {
        let (x, expected) = try load(name)
        let fitted = try PCA(components: components).fit(x)
        #expect(fitted.componentCount == expected.n_components)
        expectClose(fitted.explainedVarianceRatio, expected.explained_variance_ratio, relative: 1e-4, absolute: 1e-12, "ratio")
        expectClose(fitted.explainedVariance, expected.explained_variance, relative: 1e-4, absolute: 1e-10, "variance")
        expectClose(fitted.singularValues, expected.singular_values, relative: 1e-4, absolute: 1e-6, "singular values")
        expectClose(fitted.mean, expected.mean, relative: 1e-9, "mean")
        expectClose([fitted.noiseVariance], [expected.noise_variance], relative: 1e-4, absolute: 1e-10, "noise variance")
        let spectrumLength = min(expected.full_ratio.count, fitted.spectrumRatio.count)
        expectClose(
            Array(fitted.spectrumRatio.prefix(spectrumLength)), Array(expected.full_ratio.prefix(spectrumLength)),
            relative: 1e-3, absolute: 1e-9, "full spectrum")
        // Components agree including sign: both use scikit-learn ≥ 1.5's rule (largest loading positive).
        for k in 0..<fitted.componentCount where expected.explained_variance_ratio[k] > 1e-6 {
            expectClose(fitted.component(k), expected.components[k], relative: 1e-3, absolute: 1e-5, "component \(k)")
        }
        let scores = try fitted.transform(x.selectingRows(Array(0..<5)))
        for r in 0..<5 {
            for k in 0..<fitted.componentCount where expected.explained_variance_ratio[k] > 1e-6 {
                #expect(
                    abs(Double(scores[r, k]) - expected.transform_first_rows[r][k])
                        <= 1e-3 * max(1, abs(expected.transform_first_rows[r][k])))
            }
        }
    }

    @Test func componentsForUsesTheStrictRule() {
        // Cumulative: 0.5, 0.8, 0.95, 1.0 — a fraction equal to a cumulative value needs one more component.
        let ratios = [0.5, 0.3, 0.15, 0.05]
        #expect(PCA.componentCount(reaching: 0.8, ratios: ratios) == 3)
        #expect(PCA.componentCount(reaching: 0.79, ratios: ratios) == 2)
        #expect(PCA.componentCount(reaching: 0.4, ratios: ratios) == 1)
        #expect(PCA.componentCount(reaching: 0.999, ratios: ratios) == 4)
    }

    @Test func invariantsHoldOnRandomData() throws {
        let x = TestData.randomMatrix(rows: 60, columns: 8, seed: 11)
        let fitted = try PCA().fit(x)
        #expect(abs(fitted.explainedVarianceRatio.reduce(0, +) - 1) < 1e-12)
        #expect(zip(fitted.explainedVariance, fitted.explainedVariance.dropFirst()).allSatisfy { $0 >= $1 })
        // The scores' variances are the explained variances and the scores are uncorrelated.
        let scores = try fitted.transform(x)
        for k in 0..<fitted.componentCount {
            let column = scores.column(k).map(Double.init)
            let mean = column.reduce(0, +) / 60
            #expect(abs(mean) < 1e-5)
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 59
            #expect(relativeDifference(variance, fitted.explainedVariance[k]) < 1e-4)
        }
        for k in 0..<fitted.componentCount {
            let v = fitted.component(k)
            let largest = v.max { abs($0) < abs($1) }!
            #expect(largest > 0, "largest loading of component \(k) is positive")
        }
    }

    @Test func badInputGivesClearErrors() throws {
        #expect(throws: PCAError.tooFewSamples(1)) { try PCA().fit(Matrix(rows: 1, columns: 3)) }
        #expect(throws: PCAError.tooManyComponents(requested: 4, available: 3)) {
            try PCA(components: .count(4)).fit(TestData.randomMatrix(rows: 3, columns: 5, seed: 1))
        }
        #expect(throws: PCAError.invalidFraction(1.5)) {
            try PCA(components: .varianceFraction(1.5)).fit(TestData.randomMatrix(rows: 10, columns: 3, seed: 1))
        }
        var withNaN = TestData.randomMatrix(rows: 10, columns: 3, seed: 1)
        withNaN[4, 2] = .nan
        #expect(throws: PCAError.nonFinite(row: 4, column: 2)) { try PCA().fit(withNaN) }
        let fitted = try PCA().fit(TestData.randomMatrix(rows: 10, columns: 3, seed: 1))
        #expect(throws: PCAError.featureMismatch(expected: 3, got: 2)) { try fitted.transform(Matrix(rows: 2, columns: 2)) }
    }

    @Test func constantDataHasZeroVariance() throws {
        let fitted = try PCA().fit(Matrix(rows: 5, columns: 2, repeating: 3))
        #expect(fitted.explainedVariance.allSatisfy { $0 == 0 })
        #expect(fitted.explainedVarianceRatio.allSatisfy { $0 == 0 })
    }
}
