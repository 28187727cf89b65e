import LinearAlgebra

/// The mean and covariance of a set of feature vectors, as `np.mean(axis=0)` and `np.cov(rowvar=False)`
/// compute them (n − 1 in the denominator), with the eigendecomposition of the covariance that the
/// Fréchet distance reads.
struct GaussianMoments: Sendable {
    let count: Int
    let mean: [Double]
    /// Row-major `width × width`.
    let covariance: [Double]
    /// The rows minus the mean (the influence of each item on the covariance reads them).
    let centred: FeatureRows

    var width: Int { mean.count }

    init(count: Int, mean: [Double], covariance: [Double], centred: FeatureRows) {
        (self.count, self.mean, self.covariance, self.centred) = (count, mean, covariance, centred)
    }

    /// - Precondition: at least two rows.
    init(_ rows: FeatureRows) {
        precondition(rows.count >= 2, "a covariance needs at least two items")
        count = rows.count
        mean = rows.mean
        centred = rows.centred(on: mean)
        let scale = 1 / Double(rows.count - 1)
        covariance = BLAS.gramOfColumns(centred.values, rows: rows.count, columns: rows.width).map { $0 * scale }
    }

    var trace: Double { (0..<width).reduce(0) { $0 + covariance[$1 * width + $1] } }
}
