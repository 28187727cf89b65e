import Analysis
import Foundation
import Plotting
import ReportEngine

/// `stability`: the listed values and clusterings recomputed as renders with other front-matter seeds
/// would compute them — how much a headline number depends on chance. Only the steps between the
/// template's random steps and the values are rerun (docs/guide.md, "How much does this number depend
/// on chance?").
struct StabilityDirective: TypedDirective, SeedRepeatingDirective, ShardedDirective {
    let name = "stability"
    let summary =
        "Reruns the random steps behind listed values for other template seeds: a row per seed, each value's spread, clusterings' agreement across seeds, a strip plot."
    let version = 1
    let output = OutputKind.figure
    let shardUnit = "seeds"
    /// Its items are the reruns' own steps, keyed as renders with those seeds key them.
    var itemSelectingOptions: [any OptionKey] { [Self.seeds] }
    var mustVaryWithSeed: [String] { [Self.labels.name] }

    static let values = InputOption.references(
        "values", accepts: [.number], required: true,
        doc: "the numbers to follow, e.g. `[comp1.accuracy, opt1.n_clusters]`; each is a column named as written")
    static let seeds = Option<SeedChoice>(
        "seeds", .oneOf([.int(SeedChoice.counts), .list(.int(0...Int.max))]), default: .count(10),
        doc: "how many seeds, counted 1…N, or which (`[1, 2, 3]`); seed s gives what a render with front-matter `seed: s` gives")
    static let labels = InputOption.references(
        "labels", accepts: [.labels],
        doc: "clusterings to compare across seeds: the mean and lowest adjusted Rand index of every pair of seeds")
    static let columns = Option<Int>("columns", .int(1...8), default: 4, role: .presentation, doc: "strip plots per row of the figure")
    static let panelHeight = Option<Double>(
        "panel_height", .number(1...10), default: 2.2, role: .presentation,
        doc: "height of a row of strip plots in inches")

    var options: [OptionSpec] {
        OptionSpec.of([Self.values, Self.seeds, Self.labels, FigureOptions.width, Self.panelHeight, Self.columns, FigureOptions.dpi])
    }

    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] {
        // One number is a count (the type also takes it as a list of one seed, so it gets here unchecked).
        if case .count(let n) = options[Self.seeds], !SeedChoice.counts.contains(n) {
            return [
                (
                    Self.seeds.name,
                    "`seeds` = \(n) is out of range: give a count of \(SeedChoice.counts.lowerBound)…\(SeedChoice.counts.upperBound) seeds, or the seeds themselves, e.g. `[1, 2, 3]`"
                )
            ]
        }
        guard case .list(let seeds) = options[Self.seeds] else { return [] }
        let written = "[" + seeds.map(String.init).joined(separator: ", ") + "]"
        if Set(seeds).count < 2 { return [(Self.seeds.name, "give at least two different seeds, got \(written)")] }
        if Set(seeds).count < seeds.count { return [(Self.seeds.name, "a seed is listed twice in \(written)")] }
        return []
    }

    /// How many seeds, or which.
    enum SeedChoice: OptionDecodable, Equatable {
        case count(Int)
        case list([Int])

        static let counts = 2...1000

        init?(option: OptionValue) {
            switch option {
            case .int(let n): self = .count(n)
            case .list:
                guard let seeds = [Int](option: option) else { return nil }
                self = .list(seeds)
            default: return nil
            }
        }

        var optionValue: OptionValue {
            switch self {
            case .count(let n): .int(n)
            case .list(let seeds): seeds.optionValue
            }
        }

        var seeds: [Int] {
            switch self {
            case .count(let n): Array(1...n)
            case .list(let seeds): seeds
            }
        }
    }

    /// One value over the seeds.
    struct Spread: FieldGroup {
        var report: Double
        var mean: Double
        var std: Double
        var min: Double
        var max: Double
        var p5: Double
        var p95: Double

        static var fields: [ResultField<Spread>] {
            [
                .init("report", \.report, doc: "the report's own value (its front-matter seed)"),
                .init("mean", \.mean, doc: "mean over the seeds"),
                .init("std", \.std, doc: "standard deviation over the seeds (n − 1 in the denominator)"),
                .init("min", \.min, doc: "lowest value of a seed"),
                .init("max", \.max, doc: "highest value of a seed"),
                .init("p5", \.p5, doc: "5th percentile over the seeds (linear interpolation, NumPy's default)"),
                .init("p95", \.p95, doc: "95th percentile over the seeds"),
            ]
        }

        init(reading r: ResultReader<Spread>) throws(ResultError) {
            (report, mean, std, min, max, p5, p95) = (
                try r(\.report), try r(\.mean), try r(\.std), try r(\.min), try r(\.max), try r(\.p5), try r(\.p95)
            )
        }

        init(report: Double, seeds summary: SampleSummary) {
            (self.report, mean, std, min, max) = (report, summary.mean, summary.standardDeviation, summary.minimum, summary.maximum)
            (p5, p95) = (summary.percentile(5), summary.percentile(95))
        }
    }

    /// One clustering over the seeds.
    struct Agreement: FieldGroup {
        var meanARI: Double
        var minARI: Double
        var pairs: Int

        static var fields: [ResultField<Agreement>] {
            [
                .init("mean_ari", \.meanARI, doc: "mean adjusted Rand index over every pair of seeds"),
                .init("min_ari", \.minARI, doc: "lowest adjusted Rand index of a pair of seeds"),
                .init("pairs", \.pairs, doc: "pairs of seeds compared"),
            ]
        }

        init(reading r: ResultReader<Agreement>) throws(ResultError) {
            (meanARI, minARI, pairs) = (try r(\.meanARI), try r(\.minARI), try r(\.pairs))
        }

        init(aris: [Double]) { (meanARI, minARI, pairs) = (aris.reduce(0, +) / Double(aris.count), aris.min()!, aris.count) }
    }

    struct Result: DirectiveResult {
        var table: Table
        var summary: NamedGroups<Spread>
        var agreement: NamedGroups<Agreement>
        var seeds: [Int]
        var reportSeed: Int

        static let primary: String? = "table"
        static var fields: [ResultField<Result>] {
            [
                .init("table", \.table, doc: "a row per seed: `seed`, then each listed value in a column named as written"),
                .init("summary", \.summary, doc: "per listed value, by its name as written: report, mean, std, min, max, p5, p95"),
                .init("agreement", \.agreement, doc: "per `labels` clustering, by its name as written: mean_ari, min_ari, pairs"),
                .init("seeds", \.seeds, doc: "the seeds, in order"),
                .init("report_seed", \.reportSeed, doc: "the template's own seed"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (table, summary, agreement, seeds, reportSeed) = (
                try r(\.table), try r(\.summary), try r(\.agreement), try r(\.seeds), try r(\.reportSeed)
            )
        }

        init(table: Table, summary: NamedGroups<Spread>, agreement: NamedGroups<Agreement>, seeds: [Int], reportSeed: Int) {
            (self.table, self.summary, self.agreement, self.seeds, self.reportSeed) = (table, summary, agreement, seeds, reportSeed)
        }
    }

    /// The names are the options' texts, so `litmus check` knows `st.summary["comp1.accuracy"]`.
    func resultShape(options: ResolvedOptions, inputs: [String: ValueShape]) -> ValueShape {
        let values = options.writtenEach(Self.values)
        let labels = options.writtenEach(Self.labels)
        return .record(
            fields: Result.fields.map { field in
                let shape: ValueShape =
                    switch field.name {
                    case "table": .table(columns: ["seed"] + values)
                    case "summary": NamedGroups<Spread>.shape(names: values) { "the spread of `\($0)`" }
                    case "agreement": NamedGroups<Agreement>.shape(names: labels) { "the agreement of `\($0)` across seeds" }
                    default: field.shape
                    }
                return .init(field.name, shape, doc: field.doc)
            }, primary: Result.primary, others: nil)
    }

    // MARK: Shards: one item per seed, the steps it reruns

    func workItems(_ context: RunContext) throws -> WorkItems {
        let repetitions = try self.repetitions(context)
        return WorkItems(unit: shardUnit, entries: context.options[Self.seeds].seeds.map { repetitions.entries(seed: $0) })
    }

    func computeItems(_ indices: [Int], _ context: RunContext) throws {
        let seeds = context.options[Self.seeds].seeds
        // Each seed's reruns are cached as the render with that seed would cache them.
        _ = try repetitions(context).inputs(seeds: indices.map { seeds[$0] })
    }

    private func repetitions(_ context: RunContext) throws -> SeedRepetitions {
        guard let repetitions = context.repetitions else {
            throw DirectiveError("`stability` reruns the template's steps, so it runs only in a render of the template")
        }
        return repetitions
    }

    func compute(_ context: RunContext) throws -> Result {
        let repetitions = try repetitions(context)
        let o = context.options
        let (valueNames, labelNames, seeds) = (o.writtenEach(Self.values), o.writtenEach(Self.labels), o[Self.seeds].seeds)
        let runs = try repetitions.inputs(seeds: seeds).map(Inputs.init)
        let report = try numbers(Inputs(inputs: context.inputs), names: valueNames, seed: repetitions.reportSeed)
        let perSeed = try zip(seeds, runs).map { seed, run in try numbers(run, names: valueNames, seed: seed) }

        var columns = [Table.NamedColumn("seed", .ints(seeds))]
        var spreads = [NamedGroups<Spread>.Entry]()
        for (v, name) in valueNames.enumerated() {
            let column = ValueTables.column(of: perSeed.map { $0[v] })
            columns.append(.init(name, column))
            spreads.append(.init(name, Spread(report: report[v].number!, seeds: SampleSummary(column.numbers!)!)))
        }
        var agreements = [NamedGroups<Agreement>.Entry]()
        for (l, name) in labelNames.enumerated() {
            let clusterings = try zip(seeds, runs).map { seed, run in try clustering(run, index: l, name: name, seed: seed) }
            var aris = [Double]()
            for i in clusterings.indices { for j in clusterings.indices where j > i { aris.append(Self.ari(clusterings[i], clusterings[j])) } }
            agreements.append(.init(name, Agreement(aris: aris)))
        }
        return Result(
            table: Table(columns), summary: NamedGroups(spreads), agreement: NamedGroups(agreements), seeds: seeds,
            reportSeed: repetitions.reportSeed)
    }

    /// A repetition's inputs, read as `run` reads its own.
    private struct Inputs: StepInputValues { let inputs: [String: Value] }

    /// The listed values, each checked to be a number.
    private func numbers(_ run: Inputs, names: [String], seed: Int) throws -> [Value] {
        try zip(names, run.values(Self.values)).map { name, value in
            guard value.number != nil else {
                throw DirectiveError(
                    "`\(name)` is \(value.kind.article) with seed \(seed); `stability` needs a number in every seed",
                    option: Self.values.name)
            }
            return value
        }
    }

    private func clustering(_ run: Inputs, index: Int, name: String, seed: Int) throws -> (ids: [String], clusters: [Int]) {
        let values = run.values(Self.labels)
        guard index < values.count, case .labels(let labels) = values[index].resolvingPrimary, let clusters = ItemJoin.integers(labels) else {
            throw DirectiveError("`\(name)` is no clustering with seed \(seed) (it must give whole-number cluster labels)", option: Self.labels.name)
        }
        return (labels.ids, clusters)
    }

    /// ARI over the items both clusterings label.
    private static func ari(_ a: (ids: [String], clusters: [Int]), _ b: (ids: [String], clusters: [Int])) -> Double {
        let pairs = ItemJoin.common(a.ids, b.ids)
        return ClusterAgreement(pairs.map { a.clusters[$0.a] }, pairs.map { b.clusters[$0.b] }).adjustedRandIndex
    }

    // MARK: The strip plot

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        let o = context.options
        let columns = Swift.min(o[Self.columns], Swift.max(1, r.summary.entries.count))
        var figure = PanelFigure(
            width: o[FigureOptions.width], height: 0, dpi: Double(o[FigureOptions.dpi]),
            panels: r.summary.entries.map { strip($0.name, $0.group, r) }, columns: columns)
        figure.height = o[Self.panelHeight] * Double(figure.rows)
        let drawn = figure
        return Presentation(.figure(dpi: drawn.dpi) { try FigureRenderer().render(drawn) })
    }

    /// One value: a point per seed, spread sideways so equal values stay visible, and the report's value
    /// as a dashed line labelled "report" (its point ringed when the report's seed is among the seeds).
    func strip(_ name: String, _ spread: Spread, _ r: Result) -> Panel {
        let values = r.table[name]?.numbers ?? []
        // Sideways offsets from the golden-ratio sequence: deterministic and evenly spread for any count.
        let x = values.indices.map { i in (Double(i) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) * 0.5 - 0.25 }
        var layers: [Layer] = [
            .reference(ReferenceLine(.horizontal, at: spread.report, label: "report", color: Palette.color(1))),
            .scatter(
                ScatterLayer(
                    x: x, y: values, categories: [.init(name: "seeds", color: Palette.color(0), members: Array(values.indices))],
                    pointSize: 6, alpha: 0.8)),
        ]
        if let own = r.seeds.firstIndex(of: r.reportSeed) {
            layers.append(.annotation(Annotation(x: x[own], y: values[own], text: "", color: Palette.color(1))))
        }
        // A value the same in every seed: a narrow band around it rather than ±0.5.
        let flat = spread.min == spread.max && spread.report == spread.min
        let margin = Swift.max(abs(spread.min) * 0.02, 1e-3)
        // Whole numbers (a number of clusters): no ticks between them.
        let whole = (values + [spread.report]).allSatisfy { $0.isFinite && $0 == $0.rounded() }
        return Panel(
            title: name,
            axes: Axes(
                layers: layers, xLimits: -0.5...0.5, yLimits: flat ? (spread.min - margin)...(spread.max + margin) : nil,
                integerYTicks: whole, xCategories: ["\(r.seeds.count) seeds"]))
    }
}
