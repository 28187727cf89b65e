import LinearAlgebra

/// Every generated item's nearest training item, as scikit-learn's `NearestNeighbors(n_neighbors=1)`
/// finds it (Euclidean, the lower index on a tie), and what memorization is read from: the distance
/// relative to the training item's own distance to its nearest other training item, the near-copies
/// that ratio flags (Carlini et al. 2023's relative threshold) and AuthPct (Alaa et al. 2022, as
/// dgm-eval computes it).
/// - Complexity: O((n_g + n_t)·n_t·d) in single-precision GEMM with exact Double checks
///   (`NearestItemSearch`), by blocks of rows and columns: no n_g × n_t matrix is kept.
public struct NearestTraining: Sendable {
    /// Per generated item: the index of its nearest training item.
    public let index: [Int]
    /// Per generated item: the Euclidean distance to it.
    public let distance: [Double]
    /// Per training item: the distance to its nearest other training item.
    public let trainingNeighbourDistance: [Double]

    /// - Parameter trainingNeighbourDistance: the training set's own `neighbourDistances(of:)`, when
    ///   several sets are compared with one training set (that scan costs as much as the generated set's).
    /// - Precondition: at least two training items, one generated item, equal widths.
    public init(generated: FeatureRows, training: FeatureRows, trainingNeighbourDistance: [Double]? = nil) {
        precondition(training.count >= 2 && generated.count >= 1 && training.width == generated.width)
        precondition(trainingNeighbourDistance.map { $0.count == training.count } ?? true)
        (index, distance) = Self.nearest(of: generated, in: training)
        self.trainingNeighbourDistance = trainingNeighbourDistance ?? Self.neighbourDistances(of: training)
    }

    /// Each row's nearest training item and its distance (the lower index on a tie): `NearestItemSearch`.
    public static func nearest(of rows: FeatureRows, in training: FeatureRows) -> (index: [Int], distance: [Double]) {
        NearestItemSearch(rows: rows, items: training, sameSet: false).nearest()
    }

    /// Per training item, the distance to its nearest other training item.
    public static func neighbourDistances(of training: FeatureRows) -> [Double] {
        NearestItemSearch(rows: training, items: training, sameSet: true).nearest().distance
    }

    /// Per generated item: its distance to its nearest training item over that item's distance to its
    /// nearest other training item (0 for an exact copy, also of a training image that occurs twice).
    public var ratio: [Double] {
        zip(index, distance).map { i, d in d == 0 ? 0 : d / trainingNeighbourDistance[i] }
    }

    /// The generated items whose ratio is below `threshold` (1/3 by default): near-copies.
    public func copies(below threshold: Double = 1.0 / 3) -> [Int] {
        let ratio = ratio  // computed: once, not per item
        return ratio.indices.filter { ratio[$0] < threshold }
    }

    /// AuthPct, in %: the share of generated items that are farther from their nearest training item than
    /// that item's nearest other training item is (strict, as dgm-eval).
    public var authenticity: Double {
        let authentic = zip(index, distance).filter { i, d in trainingNeighbourDistance[i] < d }.count
        return 100 * Double(authentic) / Double(index.count)
    }
}
