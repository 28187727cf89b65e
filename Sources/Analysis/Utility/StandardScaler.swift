/// scikit-learn's `StandardScaler()` (with_mean, with_std): every column centred on its mean and divided by
/// its population standard deviation (ddof 0). Fitted on one set and applied to others, so that a test set is
/// scaled with the training set's statistics, never its own.
///
/// Only fitting makes a scaler, so a transform before a fit cannot be written. A column that is constant in
/// the fitted set keeps scale 1 (it is centred, not divided by 0), with scikit-learn's test for constant:
/// a variance within rounding of 0, n·ε·var + (n·mean·ε)², not only exactly 0.
public struct StandardScaler: Sendable, Equatable {
    /// Column means of the fitted set (d); scikit-learn's `mean_`.
    public let mean: [Double]
    /// Column population variances (d); scikit-learn's `var_`.
    public let variance: [Double]
    /// Column standard deviations, 1 for a constant column (d); scikit-learn's `scale_`.
    public let scale: [Double]

    public var featureCount: Int { mean.count }

    /// Fits on `x` (n ≥ 1 rows × d). The variance is the corrected two-pass sum scikit-learn computes,
    /// Σ(x − m)² − (Σ(x − m))²/n, over n; non-finite values are not skipped (they make that column's
    /// statistics non-finite). - Complexity: O(n·d).
    public init(fitting x: FeatureRows) {
        precondition(x.count >= 1, "StandardScaler needs at least one row")
        let (n, d) = (x.count, x.width)
        let mean = x.mean
        var deviation = [Double](repeating: 0, count: d)
        var squares = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for c in 0..<d {
                let e = x.values[i * d + c] - mean[c]
                deviation[c] += e
                squares[c] += e * e
            }
        }
        let count = Double(n)
        let variance = (0..<d).map { c in (squares[c] - deviation[c] * deviation[c] / count) / count }
        scale = (0..<d).map { c in
            Self.isConstant(variance: variance[c], mean: mean[c], count: count) ? 1 : variance[c].squareRoot()
        }
        (self.mean, self.variance) = (mean, variance)
    }

    /// (x − mean) / scale, column by column, for rows of the fitted width. - Complexity: O(n·d).
    public func transform(_ x: FeatureRows) -> FeatureRows {
        precondition(x.width == featureCount, "the scaler was fitted on \(featureCount) features, the rows have \(x.width)")
        var values = x.values
        for i in 0..<x.count {
            for c in 0..<x.width { values[i * x.width + c] = (values[i * x.width + c] - mean[c]) / scale[c] }
        }
        return FeatureRows(count: x.count, width: x.width, values: values)
    }

    /// scikit-learn's `_is_constant_feature`: a variance no larger than its own rounding error.
    private static func isConstant(variance: Double, mean: Double, count: Double) -> Bool {
        let eps = Double.ulpOfOne
        let bound = count * eps * variance + (count * mean * eps) * (count * mean * eps)
        return variance <= bound
    }
}
