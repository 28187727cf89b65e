import LinearAlgebra

extension PCA {
    /// The smallest k whose cumulative ratio is **strictly greater** than `fraction` (scikit-learn's rule
    /// for a float `n_components`; with the fraction exactly equal to a cumulative value, one more).
    public static func componentCount(reaching fraction: Double, ratios: [Double]) -> Int {
        var sum = 0.0
        var atOrBelow = 0
        for r in ratios {
            sum += r
            if sum <= fraction { atOrBelow += 1 }
        }
        return min(atOrBelow + 1, ratios.count)
    }

    /// A fitted PCA: the centring mean, the kept components and their variances.
    public struct Fitted: Sendable, Equatable {
        /// Column means of the training data (d).
        public let mean: [Double]
        /// Kept components as rows, unit length, row-major (k × d).
        public let components: [Double]
        public let featureCount: Int
        /// Variance along each kept component, ddof = 1 (k).
        public let explainedVariance: [Double]
        /// `explainedVariance` divided by the total variance of all min(n, d) components (k).
        public let explainedVarianceRatio: [Double]
        public let singularValues: [Double]
        /// Mean of the discarded eigenvalues (0 when none are discarded).
        public let noiseVariance: Double
        /// Explained-variance ratios of **all** min(n, d) components, kept or not.
        public let spectrumRatio: [Double]
        public let sampleCount: Int

        public var componentCount: Int { explainedVariance.count }

        /// Cumulative sum of the kept ratios.
        public var cumulativeVarianceRatio: [Double] {
            var sum = 0.0
            return explainedVarianceRatio.map {
                sum += $0
                return sum
            }
        }

        /// Projects `x` (n × d) onto the kept components: (x − mean)·componentsᵀ, n × k.
        public func transform(_ x: Matrix) throws(PCAError) -> Matrix {
            guard x.columns == featureCount else { throw .featureMismatch(expected: featureCount, got: x.columns) }
            let d = featureCount
            var centered = [Double](repeating: 0, count: x.rows * d)
            for r in 0..<x.rows { for c in 0..<d { centered[r * d + c] = Double(x[r, c]) - mean[c] } }
            let scores = BLAS.multiply(centered, components, m: x.rows, k: d, n: componentCount, transposeB: true)
            return Matrix(rows: x.rows, columns: componentCount, storage: scores.map { Float($0) })
        }

        /// Component `index` as a vector of d loadings.
        public func component(_ index: Int) -> [Double] {
            Array(components[(index * featureCount)..<((index + 1) * featureCount)])
        }
    }
}
