import Plotting
import ReportEngine

/// `reachability`: the OPTICS reachability plot — reachability in processing order, bars coloured by
/// cluster, noise grey, infinite values drawn to the top in a pale colour.
struct ReachabilityDirective: TypedDirective {
    let name = "reachability"
    let summary = "OPTICS reachability plot in processing order, bars coloured by cluster (noise grey, ∞ pale, to the top)."
    let version = 1
    let output = OutputKind.figure

    static let input = InputOption.reference("input", accepts: [.record], required: true, doc: "an `optics` result")

    var options: [OptionSpec] { OptionSpec.of([Self.input] + FigureOptions.keys()) }

    typealias Result = NoResult

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        let optics = try context.result(Self.input, as: OPTICSDirective.Result.self, expected: "an `optics` result")
        let plot = optics.reachabilityPlot
        guard let reach = plot["reachability"]?.numbers, case .ints(let clusters)? = plot["cluster"] else {
            throw DirectiveError(
                "`input` must be an `optics` result (its reachability plot has reachability and cluster columns)", option: Self.input.name)
        }
        let finite = reach.filter(\.isFinite)
        let top = (finite.max() ?? 1) * 1.08
        let infinity = Color(hex: 0xDADADA)
        let colors = zip(reach, clusters).map { value, cluster in
            !value.isFinite ? infinity : (cluster == -1 ? Color.noise : Palette.color(cluster))
        }
        var legend = Array(Set(clusters.filter { $0 >= 0 })).sorted().map { (name: "cluster \($0)", color: Palette.color($0)) }
        if clusters.contains(-1) { legend.insert((name: "noise", color: .noise), at: 0) }
        if finite.count < reach.count { legend.append((name: "∞ (start of a seed)", color: infinity)) }
        if legend.count > 24 { legend = Array(legend.prefix(23)) + [(name: "…", color: .white)] }
        let bars = BarLayer(
            x: reach.indices.map(Double.init), heights: reach.map { $0.isFinite ? $0 : top }, colors: colors,
            width: 1, legend: legend)
        let o = context.options
        return .plot(
            FigureOptions.figure(
                o,
                axes: Axes(
                    xLabel: o[FigureOptions.xLabel] ?? "position in the OPTICS ordering",
                    yLabel: o[FigureOptions.yLabel] ?? "reachability distance",
                    layers: [.bars(bars)], yLimits: 0...top, integerXTicks: true)))
    }
}
