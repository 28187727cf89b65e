import Analysis
import ReportEngine

/// `optics`: density-based clustering with scikit-learn's OPTICS (ordering, reachability, ξ or DBSCAN
/// extraction).
struct OPTICSDirective: TypedDirective {
    let name = "optics"
    let summary = "OPTICS clustering (scikit-learn OPTICS): labels with −1 noise, reachability plot, ordering, hierarchy."
    let version = 2
    let output = OutputKind.text

    enum Method: String, OptionChoice { case xi, dbscan }
    enum Metric: String, OptionChoice { case minkowski, euclidean }

    static let input = InputOption.reference("input", accepts: [.matrix], required: true, doc: "the points to cluster")
    static let minSamples = Option<OPTICS.Size>(
        "min_samples", OPTICS.Size.optionType, default: OPTICS.defaultMinSamples,
        doc: "neighbours (the point itself counted) for a core point; a fraction of n if below 1")
    static let maxEps = Option<Double?>(
        "max_eps", .number(0...Double.greatestFiniteMagnitude), doc: "largest neighbourhood radius; default unlimited")
    static let metric = Option<Metric>(
        "metric", default: .minkowski,
        doc: "Euclidean distance, computed by the direct formula (scikit-learn's default metric)")
    static let method = Option<Method>("cluster_method", default: .xi, doc: "how clusters are cut from the reachability plot")
    static let xi = Option<Double>("xi", .fraction, default: OPTICS.defaultXi, doc: "minimum steepness of a cluster boundary (xi method)")
    static let minClusterSize = Option<OPTICS.Size?>(
        "min_cluster_size", OPTICS.Size.optionType, doc: "smallest cluster (xi method); default min_samples")
    static let predecessorCorrection = Option<Bool>(
        "predecessor_correction", .bool, default: OPTICS.defaultPredecessorCorrection,
        doc: "correct clusters by predecessors (xi method)")
    static let eps = Option<Double?>("eps", .number(0...Double.greatestFiniteMagnitude), doc: "reachability cut (dbscan method); default max_eps")

    var options: [OptionSpec] {
        OptionSpec.of([
            Self.input, Self.minSamples, Self.maxEps, Self.metric, Self.method, Self.xi, Self.minClusterSize, Self.predecessorCorrection, Self.eps,
        ])
    }

    struct Result: DirectiveResult {
        var labels: ItemLabels
        var clusterCount: Int
        var minSamples: OPTICS.Size
        var xi: Double
        var noiseCount: Int
        var noiseFraction: Double
        var ordering: [Int]
        var reachability: [Double]
        var coreDistances: [Double]
        var predecessor: [Int]
        var reachabilityPlot: Table
        var clusterHierarchy: Table

        static let primary: String? = "labels"
        static var fields: [ResultField<Result>] {
            [
                .init("labels", \.labels, doc: "each item's cluster, −1 for noise"),
                .init("n_clusters", \.clusterCount, doc: "clusters found"),
                .init("min_samples", \.minSamples, doc: "the min_samples used (a count, or the fraction given)"),
                .init("xi", \.xi, doc: "the xi used"),
                .init("n_noise", \.noiseCount, doc: "items labelled noise"),
                .init("noise_fraction", \.noiseFraction, doc: "their share of the items"),
                .init("ordering", \.ordering, doc: "item positions in processing order (scikit-learn's ordering_)"),
                .init("reachability", \.reachability, doc: "each item's reachability distance, ∞ at the start of a seed"),
                .init("core_distances", \.coreDistances, doc: "each item's distance to its min_samples-th neighbour"),
                .init("predecessor", \.predecessor, doc: "the item each was reached from, −1 for none"),
                .init(
                    "reachability_plot", \.reachabilityPlot, columns: ["position", "id", "reachability", "cluster"],
                    doc: "the items in processing order"),
                .init(
                    "cluster_hierarchy", \.clusterHierarchy, columns: ["start", "end"],
                    doc: "positions of every ξ cluster in the ordering, nested ones included"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (labels, clusterCount, minSamples, xi) = (try r(\.labels), try r(\.clusterCount), try r(\.minSamples), try r(\.xi))
            (noiseCount, noiseFraction, ordering) = (try r(\.noiseCount), try r(\.noiseFraction), try r(\.ordering))
            (reachability, coreDistances, predecessor) = (try r(\.reachability), try r(\.coreDistances), try r(\.predecessor))
            (reachabilityPlot, clusterHierarchy) = (try r(\.reachabilityPlot), try r(\.clusterHierarchy))
        }

        init(_ fitted: OPTICS.Fitted, ids: [String], minSamples: OPTICS.Size, xi: Double) {
            let noise = fitted.labels.filter { $0 == -1 }.count
            labels = ItemLabels(ids: ids, column: .ints(fitted.labels), name: "cluster")
            (clusterCount, self.minSamples, self.xi) = (fitted.clusterCount, minSamples, xi)
            (noiseCount, noiseFraction) = (noise, Double(noise) / Double(max(fitted.labels.count, 1)))
            (ordering, reachability, coreDistances, predecessor) = (fitted.ordering, fitted.reachability, fitted.coreDistances, fitted.predecessor)
            reachabilityPlot = Table([
                .init("position", .ints(Array(0..<fitted.ordering.count))),
                .init("id", .strings(fitted.ordering.map { ids[$0] })),
                .init("reachability", .doubles(fitted.ordering.map { fitted.reachability[$0] })),
                .init("cluster", .ints(fitted.ordering.map { fitted.labels[$0] })),
            ])
            clusterHierarchy = Table([
                .init("start", .ints(fitted.clusterHierarchy.map(\.lowerBound))),
                .init("end", .ints(fitted.clusterHierarchy.map(\.upperBound))),
            ])
        }
    }

    func compute(_ context: RunContext) throws -> Result {
        let input = try context.matrix(Self.input)
        let o = context.options
        let extraction: OPTICS.Extraction =
            o[Self.method] == .dbscan
            ? .dbscan(eps: o[Self.eps])
            : .xi(xi: o[Self.xi], minClusterSize: o[Self.minClusterSize], predecessorCorrection: o[Self.predecessorCorrection])
        let settings = OPTICS(minSamples: o[Self.minSamples], maxEps: o[Self.maxEps] ?? OPTICS().maxEps, extraction: extraction)
        let fitted: OPTICS.Fitted
        do { fitted = try settings.fit(input.matrix) } catch {
            let option: String =
                switch error {
                case .invalidSize(let name, _): name
                case .invalidXi: Self.xi.name
                case .epsAboveMaxEps: Self.eps.name
                case .invalidMaxEps: Self.maxEps.name
                default: Self.input.name
                }
            throw DirectiveError(error.description, option: option)
        }
        return Result(fitted, ids: input.ids, minSamples: o[Self.minSamples], xi: o[Self.xi])
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        let (k, noise) = (r.clusterCount, r.noiseCount)
        let text =
            k == 0
            ? "OPTICS found no cluster: all \(noise) items are noise. Try a smaller `min_samples` or `xi`."
            : "OPTICS found \(k) cluster\(k == 1 ? "" : "s"); \(noise) item\(noise == 1 ? "" : "s") ("
                + ValueFormatter.fixed(r.noiseFraction * 100, decimals: 1) + " %) \(noise == 1 ? "is" : "are") noise."
        return Presentation(.markdown(text))
    }
}

/// An OPTICS size option (`min_samples`, `min_cluster_size`): a count, or a fraction of the samples.
extension OPTICS.Size: OptionDecodable, ResultValue {
    static let optionType = OptionType.oneOf([.int(2...1_000_000), .fraction])

    public init?(option: OptionValue) {
        switch option {
        case .int(let c): self = .count(c)
        case .double(let f): self = .fraction(f)
        default: return nil
        }
    }

    public var optionValue: OptionValue {
        switch self {
        case .count(let c): .int(c)
        case .fraction(let f): .double(f)
        }
    }

    public static var shape: ValueShape { .number }

    public var value: Value {
        switch self {
        case .count(let c): .int(c)
        case .fraction(let f): .double(f)
        }
    }

    public init?(value: Value) {
        switch value {
        case .int(let c): self = .count(c)
        case .double(let f): self = .fraction(f)
        default: return nil
        }
    }
}
