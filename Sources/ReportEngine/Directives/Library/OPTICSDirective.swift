import Analysis

/// `optics`: density-based clustering with scikit-learn's OPTICS (ordering, reachability, ξ or DBSCAN
/// extraction).
struct OPTICSDirective: Directive {
    let name = "optics"
    let summary = "OPTICS clustering (scikit-learn OPTICS): labels with −1 noise, reachability plot, ordering, hierarchy."
    let version = 2
    let output = OutputKind.text

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.matrix]), required: true, doc: "the points to cluster"),
            OptionSpec("min_samples", .oneOf([.int(2...1_000_000), .fraction]), default: .int(5),
                       doc: "neighbours (the point itself counted) for a core point; a fraction of n if below 1"),
            OptionSpec("max_eps", .number(0...Double.greatestFiniteMagnitude), doc: "largest neighbourhood radius; default unlimited"),
            OptionSpec("metric", .choice(["minkowski", "euclidean"]), default: .string("minkowski"),
                       doc: "Euclidean distance, computed by the direct formula (scikit-learn's default metric)"),
            OptionSpec("cluster_method", .choice(["xi", "dbscan"]), default: .string("xi"), doc: "how clusters are cut from the reachability plot"),
            OptionSpec("xi", .fraction, default: .double(0.05), doc: "minimum steepness of a cluster boundary (xi method)"),
            OptionSpec("min_cluster_size", .oneOf([.int(2...1_000_000), .fraction]), doc: "smallest cluster (xi method); default min_samples"),
            OptionSpec("predecessor_correction", .bool, default: .bool(true), doc: "correct clusters by predecessors (xi method)"),
            OptionSpec("eps", .number(0...Double.greatestFiniteMagnitude), doc: "reachability cut (dbscan method); default max_eps"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        guard case .matrix(let input) = try context.input("input").resolvingPrimary else {
            throw DirectiveError("`input` must be a matrix", option: "input")
        }
        let o = context.options
        let extraction: OPTICS.Extraction = o.string("cluster_method") == "dbscan"
            ? .dbscan(eps: o.double("eps"))
            : .xi(xi: o.double("xi") ?? 0.05, minClusterSize: o.opticsSize("min_cluster_size"),
                  predecessorCorrection: o.bool("predecessor_correction") ?? true)
        let settings = OPTICS(minSamples: o.opticsSize("min_samples") ?? .count(5), maxEps: o.double("max_eps") ?? .infinity,
                              extraction: extraction)
        let fitted: OPTICS.Fitted
        do { fitted = try settings.fit(input.matrix) } catch {
            let option: String = switch error {
            case .invalidSize(let name, _): name
            case .invalidXi: "xi"
            case .epsAboveMaxEps: "eps"
            case .invalidMaxEps: "max_eps"
            default: "input"
            }
            throw DirectiveError(error.description, option: option)
        }
        let noise = fitted.labels.filter { $0 == -1 }.count
        let plot = Table([
            .init("position", .ints(Array(0..<fitted.ordering.count))),
            .init("id", .strings(fitted.ordering.map { input.ids[$0] })),
            .init("reachability", .doubles(fitted.ordering.map { fitted.reachability[$0] })),
            .init("cluster", .ints(fitted.ordering.map { fitted.labels[$0] })),
        ])
        return .record(Record([
            .init("labels", .labels(ItemLabels(ids: input.ids, column: .ints(fitted.labels), name: "cluster"))),
            .init("n_clusters", .int(fitted.clusterCount)),
            .init("min_samples", o["min_samples"].map { value -> Value in
                if case .double(let f) = value { return .double(f) }
                return .int(o.int("min_samples") ?? 5)
            } ?? .int(5)),
            .init("xi", .double(o.double("xi") ?? 0.05)),
            .init("n_noise", .int(noise)),
            .init("noise_fraction", .double(Double(noise) / Double(max(fitted.labels.count, 1)))),
            .init("ordering", .list(fitted.ordering.map(Value.int))),
            .init("reachability", .list(fitted.reachability.map(Value.double))),
            .init("core_distances", .list(fitted.coreDistances.map(Value.double))),
            .init("predecessor", .list(fitted.predecessor.map(Value.int))),
            .init("reachability_plot", .table(plot)),
            .init("cluster_hierarchy", .table(Table([.init("start", .ints(fitted.clusterHierarchy.map(\.lowerBound))),
                                                    .init("end", .ints(fitted.clusterHierarchy.map(\.upperBound)))]))),
        ], primary: "labels"))
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, let k = r["n_clusters"]?.number, let noise = r["n_noise"]?.number,
              let share = r["noise_fraction"]?.number else { return Presentation() }
        let text = k == 0
            ? "OPTICS found no cluster: all \(Int(noise)) items are noise. Try a smaller `min_samples` or `xi`."
            : "OPTICS found \(Int(k)) cluster\(k == 1 ? "" : "s"); \(Int(noise)) item\(noise == 1 ? "" : "s") ("
                + ValueFormatter.fixed(share * 100, decimals: 1) + " %) \(noise == 1 ? "is" : "are") noise."
        return Presentation(.markdown(text))
    }
}

extension ResolvedOptions {
    /// An OPTICS size option (`min_samples`, `min_cluster_size`): a count, or a fraction of the samples.
    func opticsSize(_ name: String) -> OPTICS.Size? {
        switch self[name] {
        case .int(let c): .count(c)
        case .double(let f): .fraction(f)
        default: nil
        }
    }
}
