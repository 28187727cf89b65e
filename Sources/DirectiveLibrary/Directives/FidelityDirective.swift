import Analysis
import Foundation
import LinearAlgebra
import ReportEngine

/// `fidelity`: how far a generated set of features lies from a real one, in the field's metrics (FD, FD∞,
/// KD, precision, recall, density, coverage, Vendi, the 1-NN two-sample accuracy), each with a 95 %
/// interval; per generated item, its realism score (docs/algorithms.md, "Is the generated set like the
/// real one?").
struct FidelityDirective: TypedDirective {
    let name = "fidelity"
    let summary =
        "Distribution metrics of a generated feature set against a real one (FD, FD∞, KD, precision/recall/density/coverage, Vendi, 1-NN accuracy), each with a 95 % interval."
    /// 2: the realism score with its own 3 neighbours, Wilson intervals for shares, re-mixed seed streams.
    let version = 2
    let output = OutputKind.table
    let isRandom = true

    static let real = InputOption.reference(
        "real", accepts: [.matrix], required: true,
        doc: "the real features (`features` or `load`), e.g. the generator's training set")
    static let generated = InputOption.reference(
        "generated", accepts: [.matrix], required: true,
        doc: "the generated features, of the same network and layer; items are not joined to `real`'s")
    static let k = Option<Int>(
        "k", .int(1...1000), default: 5,
        doc: "nearest neighbours for precision, recall, density, coverage and realism (prdc's `nearest_k`); each set needs more than k items")
    static let kdSubsets = Option<Int>("kd_subsets", .int(1...100_000), default: 100, doc: "KD: how many subsets (torch-fidelity's default)")
    static let kdSubsetSize = Option<Int>(
        "kd_subset_size", .int(2...1_000_000), default: 1000,
        doc: "KD: items per subset from each set; a set with fewer items makes the subsets its size (the table says so)")
    static let resamples = Option<Int>("resamples", .int(0...100_000), default: 200, doc: "resamples behind each 95 % interval; 0 = no intervals")
    static let permutations = Option<Int>(
        "permutations", .int(0...1_000_000), default: 1000,
        doc: "relabellings behind the 1-NN accuracy's p-value; 0 = no p-value")

    var options: [OptionSpec] {
        OptionSpec.of([Self.real, Self.generated, Self.k, Self.kdSubsets, Self.kdSubsetSize, Self.resamples, Self.permutations])
    }

    /// What the intervals table and the figure call each metric.
    static let labels: [DistributionComparison.Metric: String] = [
        .fd: "FD", .fdInfinity: "FD∞", .kd: "KD", .precision: "precision", .recall: "recall", .density: "density",
        .coverage: "coverage", .vendi: "Vendi", .nnAccuracy: "1-NN accuracy",
    ]

    struct Result: DirectiveResult {
        var fd: Double
        var fdInfinity: Double
        var kd: Double
        var kdStandardDeviation: Double
        var precision: Double
        var recall: Double
        var density: Double
        var coverage: Double
        var vendi: Double
        var nnAccuracy: Double
        var nnPValue: Double?
        var realCount: Int
        var generatedCount: Int
        var kdSubsetSize: Int
        var fdSingular: Bool
        var intervals: Table
        var realism: Table
        var notes: [String]

        static let primary: String? = "intervals"
        static var fields: [ResultField<Result>] {
            [
                .init("fd", \.fd, doc: "Fréchet distance of Gaussians fitted to the two sets (the FID formula on these features)"),
                .init("fd_inf", \.fdInfinity, doc: "FD extrapolated to infinitely many generated items (Chong & Forsyth 2020, dgm-eval's FD∞)"),
                .init("kd", \.kd, doc: "kernel distance (KID): unbiased MMD² with the kernel (x·y/d + 1)³, mean over the subsets"),
                .init("kd_std", \.kdStandardDeviation, doc: "the subsets' standard deviation of MMD² (ddof 0, as torch-fidelity)"),
                .init("precision", \.precision, doc: "share of generated items within some real item's k-NN radius (prdc)"),
                .init("recall", \.recall, doc: "share of real items within some generated item's k-NN radius (prdc)"),
                .init("density", \.density, doc: "real k-NN radii containing a generated item, per generated item, over k (prdc; 1 when alike)"),
                .init("coverage", \.coverage, doc: "share of real items whose nearest generated item lies within their k-NN radius (prdc)"),
                .init("vendi", \.vendi, doc: "Vendi score of the generated set (effective number of distinct items; linear kernel on unit rows)"),
                .init(
                    "nn_accuracy", \.nnAccuracy, doc: "leave-one-out 1-nearest-neighbour accuracy of telling the sets apart: 0.5 alike, 1 separate"),
                .init(
                    "nn_p_value", \.nnPValue, doc: "one-sided permutation p-value of `nn_accuracy` under one distribution (none with permutations: 0)"
                ),
                .init("n_real", \.realCount, doc: "real items"),
                .init("n_generated", \.generatedCount, doc: "generated items"),
                .init("kd_subset_size", \.kdSubsetSize, doc: "the KD subsets' size: `kd_subset_size`, or the smaller set's size"),
                .init("fd_singular", \.fdSingular, doc: "whether a covariance is singular (fewer items than features, or dependent features)"),
                .init(
                    "intervals", \.intervals, columns: ["metric", "value", "low", "high"],
                    doc: "each metric's value and 95 % interval (none with resamples: 0)"),
                .init(
                    "realism", \.realism, columns: ["id", "realism"],
                    doc: "per generated item its realism score (Kynkäänniemi et al. 2019), lowest first: the images to look at first"),
                .init("notes", \.notes, doc: "what the numbers rest on: a KD subset shrunk to a set's size, a singular covariance"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (fd, fdInfinity, kd, kdStandardDeviation) = (try r(\.fd), try r(\.fdInfinity), try r(\.kd), try r(\.kdStandardDeviation))
            (precision, recall, density, coverage) = (try r(\.precision), try r(\.recall), try r(\.density), try r(\.coverage))
            (vendi, nnAccuracy, nnPValue) = (try r(\.vendi), try r(\.nnAccuracy), try r(\.nnPValue))
            (realCount, generatedCount, kdSubsetSize, fdSingular) = (
                try r(\.realCount), try r(\.generatedCount), try r(\.kdSubsetSize), try r(\.fdSingular)
            )
            (intervals, realism, notes) = (try r(\.intervals), try r(\.realism), try r(\.notes))
        }

        init(_ c: DistributionComparison, generatedIDs: [String], notes: [String]) {
            (fd, fdInfinity, kd, kdStandardDeviation) = (c.frechet.value, c.frechetInfinity.value, c.kernel.value, c.kernel.standardDeviation)
            let n = c.neighbourhoods
            (precision, recall, density, coverage) = (n.precision, n.recall, n.density, n.coverage)
            (vendi, nnAccuracy, nnPValue) = (c.vendi, n.nearestNeighbourAccuracy, c.nearestNeighbourPValue)
            (realCount, generatedCount, kdSubsetSize, fdSingular) = (c.realCount, c.generatedCount, c.kernel.subsetSize, c.frechet.singular)
            intervals = Table([
                .init("metric", .strings(c.intervals.map(\.metric.rawValue))), .init("value", .doubles(c.intervals.map(\.value))),
                .init("low", .doubles(c.intervals.map(\.low))), .init("high", .doubles(c.intervals.map(\.high))),
            ])
            // Lowest first; equal scores in item order.
            let order = n.realism.indices.sorted { (n.realism[$0], $0) < (n.realism[$1], $1) }
            realism = Table([.init("id", .strings(order.map { generatedIDs[$0] })), .init("realism", .doubles(order.map { n.realism[$0] }))])
            self.notes = notes
        }

        /// The interval of a metric by its field name; nil when there are no intervals.
        func interval(_ metric: String) -> (low: Double, high: Double)? {
            guard case .strings(let names)? = intervals["metric"], let row = names.firstIndex(of: metric),
                let low = intervals["low"]?.numbers?[row], let high = intervals["high"]?.numbers?[row]
            else { return nil }
            return (low, high)
        }
    }

    func compute(_ context: RunContext) throws -> Result {
        let o = context.options
        let (real, generated) = (try context.matrix(Self.real), try context.matrix(Self.generated))
        let settings = DistributionComparison.Settings(
            k: o[Self.k], kernelSubsets: o[Self.kdSubsets], kernelSubsetSize: o[Self.kdSubsetSize],
            resamples: o[Self.resamples], permutations: o[Self.permutations], seed: context.seed)
        let comparison: DistributionComparison
        do {
            comparison = try DistributionComparison(real: FeatureRows(real.matrix), generated: FeatureRows(generated.matrix), settings: settings)
        } catch {
            throw Self.explain(error, real: real, generated: generated)
        }
        return Result(comparison, generatedIDs: generated.ids, notes: Self.notes(comparison, asked: o[Self.kdSubsetSize]))
    }

    private static func explain(_ failure: DistributionComparison.Failure, real: ItemMatrix, generated: ItemMatrix) -> DirectiveError {
        switch failure {
        case .tooFewItems(let side, let count, let needed):
            let option = side == .real ? Self.real.name : Self.generated.name
            return DirectiveError(
                "`\(option)` has \(count) item\(count == 1 ? "" : "s"); with k = \(needed - 1) each set needs at least \(needed): give more images or a smaller `k`",
                option: needed > 2 ? Self.k.name : option)
        case .widths(let r, let g):
            return DirectiveError(
                "`real` has \(r) features per item and `generated` \(g); compare features of the same network and layer", option: Self.generated.name)
        case .nonFinite(let side, let row, let column):
            let (option, items) = side == .real ? (Self.real.name, real) : (Self.generated.name, generated)
            return FeatureChecks.nonFinite(items, row: row, column: column, option: option)
        case .noFeatures(let side):
            let option = side == .real ? Self.real.name : Self.generated.name
            return DirectiveError("`\(option)` has no features (a table with ids only?); give a features result or a matrix", option: option)
        case .numerical(let text):
            return DirectiveError("the metrics could not be computed: \(text)", option: Self.generated.name)
        }
    }

    /// What the reader of the numbers should know about them.
    static func notes(_ c: DistributionComparison, asked: Int) -> [String] {
        var notes = [String]()
        if c.kernel.subsetSize < asked {
            notes.append("KD: subsets of \(c.kernel.subsetSize) items, the smaller set's size (kd_subset_size \(asked) asked).")
        }
        if c.frechet.singular {
            let ranks = c.frechet.ranks
            notes.append(
                "FD: a covariance is singular (ranks \(ranks[0]) real, \(ranks[1]) generated, of \(c.frechet.width) features); "
                    + "FD is computed through a symmetric eigendecomposition and stays finite.")
        }
        return notes
    }

    var methods: [MethodSpec] {
        [
            MethodSpec(
                "low", arguments: ["metric"], returns: .optional(.number),
                doc: "the lower end of a metric's 95 % interval, e.g. low(\"fd\"); null with no intervals"),
            MethodSpec(
                "high", arguments: ["metric"], returns: .optional(.number),
                doc: "the upper end of a metric's 95 % interval, e.g. high(\"fd\"); null with no intervals"),
        ]
    }

    func call(_ method: String, arguments: [Value], on value: Value) throws -> Value {
        guard let result = Result(value: value) else { throw DirectiveError("`\(method)` needs a `fidelity` result") }
        let metrics = DistributionComparison.Metric.allCases.map(\.rawValue)
        guard ["low", "high"].contains(method) else {
            throw DirectiveError("`fidelity` results have no function `\(method)`; available: " + methods.map(\.signature).joined(separator: ", "))
        }
        guard arguments.count == 1, case .string(let metric) = arguments[0], metrics.contains(metric) else {
            throw DirectiveError(
                "`\(method)(metric)` takes one metric's name in quotes, one of " + metrics.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        guard let interval = result.interval(metric) else { return .null }
        return .double(method == "low" ? interval.low : interval.high)
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        let metrics = DistributionComparison.Metric.allCases
        let ranges = metrics.map { r.interval($0.rawValue) }
        let values = metrics.map(r.value)
        var columns: [Table.NamedColumn] = [.init("metric", .strings(metrics.map { Self.labels[$0]! })), .init("value", .doubles(values))]
        if ranges.allSatisfy({ $0 != nil }) {
            columns += [.init("low", .doubles(ranges.map { $0!.low })), .init("high", .doubles(ranges.map { $0!.high }))]
        }
        let note: (DistributionComparison.Metric) -> String = { metric in
            switch metric {
            case .kd where r.kdSubsetSize == r.realCount && r.kdSubsetSize == r.generatedCount:
                "every subset holds all \(r.kdSubsetSize) items of both sets"
            case .kd:
                "± \(ValueFormatter.compact(r.kdStandardDeviation)) over subsets of \(r.kdSubsetSize)"
                    + (r.kdSubsetSize < context.options[Self.kdSubsetSize] ? ", the smaller set's size" : "")
            case .fd: "\(r.realCount) real, \(r.generatedCount) generated" + (r.fdSingular ? "; a covariance is singular" : "")
            case .nnAccuracy: r.nnPValue.map { "p = \(ValueFormatter.compact($0)) (one-sided, permutations)" } ?? ""
            default: ""
            }
        }
        columns.append(.init("note", .strings(metrics.map(note))))
        return Presentation(.table(Table(columns), digits: 4))
    }
}

extension FidelityDirective.Result {
    /// A metric's value by its name.
    func value(_ metric: DistributionComparison.Metric) -> Double {
        switch metric {
        case .fd: fd
        case .fdInfinity: fdInfinity
        case .kd: kd
        case .precision: precision
        case .recall: recall
        case .density: density
        case .coverage: coverage
        case .vendi: vendi
        case .nnAccuracy: nnAccuracy
        }
    }
}
