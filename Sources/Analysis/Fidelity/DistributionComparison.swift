import LinearAlgebra

/// A generated set of features against a real one: every distribution metric of docs/algorithms.md,
/// "Is the generated set like the real one?", with its 95 % interval.
public struct DistributionComparison: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Nearest neighbours for precision, recall, density, coverage and realism.
        public var k: Int
        /// KD: how many subsets ...
        public var kernelSubsets: Int
        /// ... of how many items from each set (fewer when a set is smaller).
        public var kernelSubsetSize: Int
        /// Resamples behind each interval; 0 = no intervals.
        public var resamples: Int
        /// Relabellings behind the 1-NN accuracy's p-value; 0 = no p-value.
        public var permutations: Int
        /// The seed of every random draw (FD∞'s and KD's subsets, the permutations, the resamples).
        public var seed: UInt64
        /// Bytes the union's dot products may take to be kept whole; larger sets are compared block by block.
        public var productBudget: Int = UnionGram.budget

        public init(
            k: Int = 5, kernelSubsets: Int = 100, kernelSubsetSize: Int = 1000, resamples: Int = 200,
            permutations: Int = 1000, seed: UInt64
        ) {
            (self.k, self.kernelSubsets, self.kernelSubsetSize) = (k, kernelSubsets, kernelSubsetSize)
            (self.resamples, self.permutations, self.seed) = (resamples, permutations, seed)
        }
    }

    /// The metrics, in the order of the intervals.
    public enum Metric: String, Sendable, CaseIterable {
        case fd, fdInfinity = "fd_inf", kd, precision, recall, density, coverage, vendi, nnAccuracy = "nn_accuracy"

        /// The values the metric can take: an interval's ends are kept inside (FD is not negative, a share
        /// not above 1). FD∞ and KD are estimates that can fall below 0 and are not bounded.
        public var possible: ClosedRange<Double> {
            switch self {
            case .fd, .density: 0...Double.infinity
            case .fdInfinity, .kd: -Double.infinity...Double.infinity
            case .precision, .recall, .coverage, .nnAccuracy: 0...1
            case .vendi: 1...Double.infinity
            }
        }
    }

    /// A metric's value and the ends of its 95 % interval.
    public struct Interval: Sendable, Equatable {
        public let metric: Metric
        public let value: Double
        public let low: Double
        public let high: Double
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case tooFewItems(set: Side, count: Int, needed: Int)
        case widths(real: Int, generated: Int)
        case nonFinite(set: Side, row: Int, column: Int)
        case noFeatures(set: Side)
        case numerical(String)

        public enum Side: String, Sendable { case real, generated }

        public var description: String {
            switch self {
            case .tooFewItems(let set, let count, let needed): "the \(set.rawValue) set has \(count) items; these metrics need at least \(needed)"
            case .widths(let r, let g): "the real features have \(r) columns and the generated \(g); compare features of one network and layer"
            case .nonFinite(let set, let row, let column): "\(set.rawValue) item \(row) has a non-finite value in column \(column + 1)"
            case .noFeatures(let set): "the \(set.rawValue) items have no features"
            case .numerical(let text): text
            }
        }
    }

    public let settings: Settings
    public let realCount: Int
    public let generatedCount: Int
    public let frechet: FrechetDistance
    public let frechetInfinity: FrechetDistanceInfinity
    public let kernel: KernelDistance
    public let neighbourhoods: NeighbourhoodMetrics
    /// The Vendi score of the generated set.
    public let vendi: Double
    /// The 1-NN accuracy's permutation p-value; nil with no permutations.
    public let nearestNeighbourPValue: Double?
    /// One per metric, in `Metric` order; empty with no resamples.
    public private(set) var intervals: [Interval] = []

    public func value(_ metric: Metric) -> Double {
        switch metric {
        case .fd: frechet.value
        case .fdInfinity: frechetInfinity.value
        case .kd: kernel.value
        case .precision: neighbourhoods.precision
        case .recall: neighbourhoods.recall
        case .density: neighbourhoods.density
        case .coverage: neighbourhoods.coverage
        case .vendi: vendi
        case .nnAccuracy: neighbourhoods.nearestNeighbourAccuracy
        }
    }

    /// Every metric of `generated` against `real`; an error, not a precondition, for sets that cannot be
    /// compared: fewer than k + 1 items, no features, different widths, a non-finite value.
    public init(real: FeatureRows, generated: FeatureRows, settings: Settings) throws(Failure) {
        try Self.validate(real, .real, k: settings.k)
        try Self.validate(generated, .generated, k: settings.k)
        guard real.width == generated.width else { throw .widths(real: real.width, generated: generated.width) }
        self.settings = settings
        (realCount, generatedCount) = (real.count, generated.count)
        do {
            let realSide = try FrechetReference(real)
            let generatedSide = try FrechetReference(generated)
            // Kept whole where it fits: the neighbourhoods read it, and every KD subset gathers from it.
            let products = UnionGram.fits(real.count + generated.count, budget: settings.productBudget) ? UnionGram(real, generated) : nil
            frechet = try realSide.distance(to: generatedSide.moments, otherRank: generatedSide.spectrum.rank)
            frechetInfinity = try FrechetDistanceInfinity(real: realSide, generated: generated, seed: settings.seed)
            kernel = KernelDistance(
                real, generated,
                settings: .init(
                    subsets: settings.kernelSubsets, subsetSize: settings.kernelSubsetSize,
                    seed: settings.seed), products: products)
            neighbourhoods = NeighbourhoodMetrics(real: real, generated: generated, k: settings.k, products: products)
            let vendiScore = try VendiScore(generated)
            vendi = vendiScore.value
            nearestNeighbourPValue =
                settings.permutations > 0
                ? neighbourhoods.permutationPValue(permutations: settings.permutations, seed: settings.seed) : nil
            if settings.resamples > 0 {
                let ranges = try ranges(
                    realSide, generatedSide, vendiScore, resampling: ItemResampling(resamples: settings.resamples, seed: settings.seed))
                intervals = Metric.allCases.map { metric in
                    let (range, possible, value) = (ranges[metric]!, metric.possible, value(metric))
                    return Interval(
                        metric: metric, value: value, low: min(max(range.lowerBound, possible.lowerBound), possible.upperBound),
                        high: max(min(range.upperBound, possible.upperBound), possible.lowerBound))
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .numerical("\(error)")
        }
    }

    private static func validate(_ rows: FeatureRows, _ side: Failure.Side, k: Int) throws(Failure) {
        guard rows.count >= k + 1, rows.count >= 2 else { throw .tooFewItems(set: side, count: rows.count, needed: max(k + 1, 2)) }
        guard rows.width > 0 else { throw .noFeatures(set: side) }
        if let index = rows.values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(set: side, row: index / max(rows.width, 1), column: index % max(rows.width, 1))
        }
    }

    /// Each metric's interval, before it is kept inside the metric's possible values.
    private func ranges(
        _ real: FrechetReference, _ generated: FrechetReference, _ vendiScore: VendiScore,
        resampling: ItemResampling
    ) throws -> [Metric: ClosedRange<Double>] {
        let (fd, fdInfinity, kd, nn) = (frechet, frechetInfinity, kernel, neighbourhoods)
        let influence = try FrechetInfluence.values(real, generated)
        let fdRange = resampling.interval(fd.value, terms: [.init(centring: influence.a), .init(centring: influence.b)], stream: 0)
        // FD∞ moves with FD's sampling and with its own fit: FD's interval about FD∞, widened in
        // quadrature by the fit's 95 % half-width.
        let fit = ItemResampling.normalQuantile * fdInfinity.standardError
        let below = (fd.value - fdRange.lowerBound)
        let above = (fdRange.upperBound - fd.value)
        let fdInfinityRange =
            (fdInfinity.value - (below * below + fit * fit).squareRoot())...(fdInfinity.value + (above * above + fit * fit).squareRoot())
        let kdRange = resampling.interval(
            kd.value,
            terms: [
                .init(weight: 2, centring: kd.projections.a), .init(weight: 2, centring: kd.projections.b),
                .init(centring: kd.estimates),
            ], stream: 2)
        let density = nn.realRadiiContaining.map { Double($0) / Double(nn.k) }
        return [
            .fd: fdRange, .fdInfinity: fdInfinityRange, .kd: kdRange,
            // Shares of items independent given the other set: Wilson's interval, which resampling them approximates.
            .precision: WilsonInterval.of(share: nn.precision, count: nn.inRealManifold.count),
            .recall: WilsonInterval.of(share: nn.recall, count: nn.inGeneratedManifold.count),
            .density: resampling.interval(nn.density, terms: [.init(centring: density)], stream: 5),
            .coverage: WilsonInterval.of(share: nn.coverage, count: nn.covered.count),
            .vendi: resampling.interval(vendi, terms: [.init(centring: try vendiScore.influence())], stream: 7),
            .nnAccuracy: WilsonInterval.of(share: nn.nearestNeighbourAccuracy, count: nn.nearestOfOwnSet.count),
        ]
    }
}
