import Plotting

/// `reachability`: the OPTICS reachability plot — reachability in processing order, bars coloured by
/// cluster, noise grey, infinite values drawn to the top in a pale colour.
struct ReachabilityDirective: Directive {
    let name = "reachability"
    let summary = "OPTICS reachability plot in processing order, bars coloured by cluster (noise grey, ∞ pale, to the top)."
    let version = 1
    let output = OutputKind.figure

    var options: [OptionSpec] {
        [OptionSpec("input", .reference(accepts: [.record]), required: true, doc: "an `optics` result")] + FigureOptions.specs()
    }

    func run(_ context: RunContext) throws -> Value { .null }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = try context.input("input"), case .table(let plot) = r["reachability_plot"],
              let reach = plot["reachability"]?.numbers, case .ints(let clusters) = plot["cluster"] else {
            throw DirectiveError("`input` must be an `optics` result (it has a reachability plot)", option: "input")
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
        let bars = BarLayer(x: reach.indices.map(Double.init), heights: reach.map { $0.isFinite ? $0 : top }, colors: colors,
                            width: 1, legend: legend)
        let figure = FigureOptions(context.options).figure(axes: Axes(
            xLabel: context.options.string("xlabel") ?? "position in the OPTICS ordering",
            yLabel: context.options.string("ylabel") ?? "reachability distance",
            layers: [.bars(bars)], yLimits: 0...top, integerXTicks: true))
        return Presentation(.figure(figure))
    }
}
