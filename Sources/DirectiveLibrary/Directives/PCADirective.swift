import Analysis
import LinearAlgebra
import ReportEngine

/// `pca`: principal components with scikit-learn's definitions.
struct PCADirective: TypedDirective {
    let name = "pca"
    let summary = "Principal component analysis (scikit-learn PCA): embedding, explained variance, components_for(x)."
    let version = 1
    let output = OutputKind.text

    static let input = InputOption.reference("input", accepts: [.matrix], required: true, doc: "the matrix to analyse (items × features)")
    static let components = Option<PCA.Components>(
        "n_components", .oneOf([.int(1...Int.max), .fraction]), default: PCA().components,
        doc: "components to keep: a count, or a fraction of variance to exceed; default all")
    static let whiten = Option<Bool>("whiten", .bool, default: false, doc: "scale the embedding to unit variance per component")

    var options: [OptionSpec] { OptionSpec.of([Self.input, Self.components, Self.whiten]) }

    struct Result: DirectiveResult {
        var embedding: ItemMatrix
        var componentCount: Int
        var sampleCount: Int
        var featureCount: Int
        var explainedVariance: [Double]
        var explainedVarianceRatio: [Double]
        var cumulativeVarianceRatio: [Double]
        var singularValues: [Double]
        var noiseVariance: Double
        var spectrumRatio: [Double]
        var mean: [Double]
        var components: ItemMatrix
        var summary: Table

        static let primary: String? = "embedding"
        static var fields: [ResultField<Result>] {
            [
                .init("embedding", \.embedding, doc: "the items in component space (items × n_components), columns PC1, PC2, …"),
                .init("n_components", \.componentCount, doc: "components kept"),
                .init("n_samples", \.sampleCount, doc: "items analysed"),
                .init("n_features", \.featureCount, doc: "features per item"),
                .init("explained_variance", \.explainedVariance, doc: "variance along each kept component"),
                .init("explained_variance_ratio", \.explainedVarianceRatio, doc: "share of the total variance of each kept component"),
                .init("cumulative_variance_ratio", \.cumulativeVarianceRatio, doc: "running sum of the ratios"),
                .init("singular_values", \.singularValues, doc: "singular values of the centred data"),
                .init("noise_variance", \.noiseVariance, doc: "mean variance of the components left out (scikit-learn's noise_variance_)"),
                .init("spectrum_ratio", \.spectrumRatio, doc: "share of the variance of every component, kept or not"),
                .init("mean", \.mean, doc: "the feature means removed before the analysis"),
                .init("components", \.components, doc: "the principal axes (n_components × features), rows PC1, PC2, …"),
                .init(
                    "summary", \.summary, columns: ["component", "explained_variance", "explained_variance_ratio", "cumulative_variance_ratio"],
                    doc: "the variance of each kept component"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (embedding, componentCount, sampleCount, featureCount) = (
                try r(\.embedding), try r(\.componentCount), try r(\.sampleCount), try r(\.featureCount)
            )
            (explainedVariance, explainedVarianceRatio, cumulativeVarianceRatio) = (
                try r(\.explainedVariance), try r(\.explainedVarianceRatio), try r(\.cumulativeVarianceRatio)
            )
            (singularValues, noiseVariance, spectrumRatio, mean) = (
                try r(\.singularValues), try r(\.noiseVariance), try r(\.spectrumRatio), try r(\.mean)
            )
            (components, summary) = (try r(\.components), try r(\.summary))
        }

        init(_ fitted: PCA.Fitted, embedding: ItemMatrix, columnNames: [String]?) {
            let k = fitted.componentCount
            let names = (1...k).map { "PC\($0)" }
            self.embedding = embedding
            (componentCount, sampleCount, featureCount) = (k, embedding.matrix.rows, fitted.featureCount)
            (explainedVariance, explainedVarianceRatio, cumulativeVarianceRatio) = (
                fitted.explainedVariance, fitted.explainedVarianceRatio, fitted.cumulativeVarianceRatio
            )
            (singularValues, noiseVariance, spectrumRatio, mean) = (fitted.singularValues, fitted.noiseVariance, fitted.spectrumRatio, fitted.mean)
            components = ItemMatrix(
                ids: names, matrix: Matrix(rows: k, columns: fitted.featureCount, storage: fitted.components.map { Float($0) }),
                columnNames: columnNames)
            summary = Table([
                .init("component", .ints(Array(1...k))),
                .init("explained_variance", .doubles(fitted.explainedVariance)),
                .init("explained_variance_ratio", .doubles(fitted.explainedVarianceRatio)),
                .init("cumulative_variance_ratio", .doubles(fitted.cumulativeVarianceRatio)),
            ])
        }
    }

    func compute(_ context: RunContext) throws -> Result {
        let input = try context.matrix(Self.input)
        let fitted: PCA.Fitted
        do { fitted = try PCA(components: context.options[Self.components]).fit(input.matrix) } catch {
            throw DirectiveError(error.description, option: error.isAboutComponents ? Self.components.name : Self.input.name)
        }
        var embedding = try fitted.transform(input.matrix)
        if context.options[Self.whiten] {
            for c in 0..<embedding.columns {
                let scale = Float(1 / fitted.explainedVariance[c].squareRoot())
                for r in 0..<embedding.rows where scale.isFinite { embedding[r, c] *= scale }
            }
        }
        let names = (1...fitted.componentCount).map { "PC\($0)" }
        return Result(fitted, embedding: ItemMatrix(ids: input.ids, matrix: embedding, columnNames: names), columnNames: input.columnNames)
    }

    var methods: [MethodSpec] {
        [
            MethodSpec(
                "components_for", arguments: ["fraction"], returns: .number,
                doc: "the fewest components whose variance ratios add up to more than `fraction` (0 < fraction < 1)"),
            MethodSpec(
                "first_below", arguments: ["threshold"], returns: .optional(.number),
                doc: "the first component (from 1) whose variance ratio is below `threshold`; null if none"),
        ]
    }

    func call(_ method: String, arguments: [Value], on value: Value) throws -> Value {
        guard let result = Result(value: value) else { throw DirectiveError("`\(method)` needs a PCA result") }
        switch method {
        case "components_for":
            guard arguments.count == 1, let fraction = arguments[0].number, fraction > 0, fraction < 1 else {
                throw DirectiveError("`components_for(fraction)` takes one number between 0 and 1, e.g. components_for(0.9)")
            }
            return .int(PCA.componentCount(reaching: fraction, ratios: result.spectrumRatio))
        case "first_below":
            guard arguments.count == 1, let threshold = arguments[0].number else {
                throw DirectiveError("`first_below(threshold)` takes one number, e.g. first_below(0.001)")
            }
            return result.spectrumRatio.firstIndex { $0 < threshold }.map { .int($0 + 1) } ?? .null
        default:
            throw DirectiveError("PCA results have no function `\(method)`; available: " + methods.map(\.signature).joined(separator: ", "))
        }
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        let k = r.componentCount
        let text =
            "PCA of \(r.sampleCount) items × \(r.featureCount) features: \(k) component\(k == 1 ? "" : "s") kept, explaining "
            + ValueFormatter.fixed((r.cumulativeVarianceRatio.last ?? 0) * 100, decimals: 1) + " % of the variance."
        return Presentation(.markdown(text))
    }
}

extension PCA.Components: OptionDecodable {
    public init?(option: OptionValue) {
        switch option {
        case .int(let k): self = .count(k)
        case .double(let f): self = .varianceFraction(f)
        default: return nil
        }
    }

    public var optionValue: OptionValue {
        switch self {
        case .count(let k): .int(k)
        case .varianceFraction(let f): .double(f)
        case .all: .null
        }
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
