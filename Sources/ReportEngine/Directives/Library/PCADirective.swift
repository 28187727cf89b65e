import Analysis
import LinearAlgebra

/// `pca`: principal components with scikit-learn's definitions.
struct PCADirective: Directive {
    let name = "pca"
    let summary = "Principal component analysis (scikit-learn PCA): embedding, explained variance, components_for(x)."
    let version = 1
    let output = OutputKind.text

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.matrix]), required: true, doc: "the matrix to analyse (items × features)"),
            OptionSpec("n_components", .oneOf([.int(1...Int.max), .fraction]),
                       doc: "components to keep: a count, or a fraction of variance to exceed; default all"),
            OptionSpec("whiten", .bool, default: .bool(false), doc: "scale the embedding to unit variance per component"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        guard case .matrix(let input) = try context.input("input").resolvingPrimary else {
            throw DirectiveError("`input` must be a matrix", option: "input")
        }
        let components: PCA.Components = switch context.options["n_components"] {
        case .int(let k): .count(k)
        case .double(let f): .varianceFraction(f)
        default: .all
        }
        let fitted: PCA.Fitted
        do { fitted = try PCA(components: components).fit(input.matrix) } catch {
            throw DirectiveError(error.description, option: error.isAboutComponents ? "n_components" : "input")
        }
        var embedding = try fitted.transform(input.matrix)
        if context.options.bool("whiten") == true {
            for c in 0..<embedding.columns {
                let scale = Float(1 / fitted.explainedVariance[c].squareRoot())
                for r in 0..<embedding.rows where scale.isFinite { embedding[r, c] *= scale }
            }
        }
        let k = fitted.componentCount
        let names = (1...k).map { "PC\($0)" }
        let doubles = { (v: [Double]) in Value.list(v.map(Value.double)) }
        let summary = Table([
            .init("component", .ints(Array(1...k))),
            .init("explained_variance", .doubles(fitted.explainedVariance)),
            .init("explained_variance_ratio", .doubles(fitted.explainedVarianceRatio)),
            .init("cumulative_variance_ratio", .doubles(fitted.cumulativeVarianceRatio)),
        ])
        return .record(Record([
            .init("embedding", .matrix(ItemMatrix(ids: input.ids, matrix: embedding, columnNames: names))),
            .init("n_components", .int(k)),
            .init("n_samples", .int(input.matrix.rows)),
            .init("n_features", .int(input.matrix.columns)),
            .init("explained_variance", doubles(fitted.explainedVariance)),
            .init("explained_variance_ratio", doubles(fitted.explainedVarianceRatio)),
            .init("cumulative_variance_ratio", doubles(fitted.cumulativeVarianceRatio)),
            .init("singular_values", doubles(fitted.singularValues)),
            .init("noise_variance", .double(fitted.noiseVariance)),
            .init("spectrum_ratio", doubles(fitted.spectrumRatio)),
            .init("mean", doubles(fitted.mean)),
            .init("components", .matrix(ItemMatrix(
                ids: names, matrix: Matrix(rows: k, columns: fitted.featureCount, storage: fitted.components.map { Float($0) }),
                columnNames: input.columnNames))),
            .init("summary", .table(summary)),
        ], primary: "embedding"))
    }

    func call(_ method: String, arguments: [Value], on value: Value) throws -> Value {
        guard case .record(let record) = value, let spectrum = record["spectrum_ratio"]?.numbers else {
            throw DirectiveError("`\(method)` needs a PCA result")
        }
        switch method {
        case "components_for":
            guard arguments.count == 1, let fraction = arguments[0].number, fraction > 0, fraction < 1 else {
                throw DirectiveError("`components_for(fraction)` takes one number between 0 and 1, e.g. components_for(0.9)")
            }
            return .int(PCA.componentCount(reaching: fraction, ratios: spectrum))
        case "first_below":
            guard arguments.count == 1, let threshold = arguments[0].number else {
                throw DirectiveError("`first_below(threshold)` takes one number, e.g. first_below(0.001)")
            }
            return spectrum.firstIndex { $0 < threshold }.map { .int($0 + 1) } ?? .null
        default:
            throw DirectiveError("PCA results have no function `\(method)`; available: components_for(fraction), first_below(threshold)")
        }
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, let k = r["n_components"]?.number,
              let n = r["n_samples"]?.number, let d = r["n_features"]?.number,
              let cumulative = r["cumulative_variance_ratio"]?.numbers?.last else { return Presentation() }
        let text = "PCA of \(Int(n)) items × \(Int(d)) features: \(Int(k)) component\(k == 1 ? "" : "s") kept, explaining "
            + ValueFormatter.fixed(cumulative * 100, decimals: 1) + " % of the variance."
        return Presentation(.markdown(text))
    }
}

private extension PCAError {
    var isAboutComponents: Bool {
        switch self {
        case .tooManyComponents, .invalidFraction: true
        default: false
        }
    }
}
