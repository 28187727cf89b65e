import Analysis
import ReportEngine

/// `agreement`: how well two labelings of the same items agree (ARI, NMI) over their common ids, and
/// optionally the silhouette of the first on the points it was found on.
struct AgreementDirective: TypedDirective {
    let name = "agreement"
    let summary = "Adjusted Rand index and normalised mutual information of two labelings over their common item ids; silhouette."
    let version = 1
    let output = OutputKind.text

    static let a = InputOption.reference("a", accepts: [.labels], required: true, doc: "the first labeling")
    static let b = InputOption.reference("b", accepts: [.labels], required: true, doc: "the second labeling (joined to `a` by item id)")
    static let excludeNoise = Option<Bool>("exclude_noise", .bool, default: false, doc: "leave out items labelled −1 in either labeling")
    static let points = InputOption.reference("points", accepts: [.matrix], doc: "the points `a` clustered, to compute its silhouette")

    var options: [OptionSpec] { OptionSpec.of([Self.a, Self.b, Self.excludeNoise, Self.points]) }

    struct Result: DirectiveResult {
        var ari: Double
        var nmi: Double
        var commonCount: Int
        var silhouette: Double?

        static var fields: [ResultField<Result>] {
            [
                .init("ari", \.ari, doc: "adjusted Rand index (scikit-learn's adjusted_rand_score)"),
                .init("nmi", \.nmi, doc: "normalised mutual information (arithmetic mean, scikit-learn's default)"),
                .init("n_common", \.commonCount, doc: "items compared"),
                .init("silhouette", \.silhouette, doc: "with `points`: the silhouette score of `a` on them"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (ari, nmi, commonCount, silhouette) = (try r(\.ari), try r(\.nmi), try r(\.commonCount), try r(\.silhouette))
        }

        init(ari: Double, nmi: Double, commonCount: Int, silhouette: Double?) {
            (self.ari, self.nmi, self.commonCount, self.silhouette) = (ari, nmi, commonCount, silhouette)
        }
    }

    func compute(_ context: RunContext) throws -> Result {
        let (a, b) = (try context.labels(Self.a), try context.labels(Self.b))
        var pairs = ItemJoin.common(a.ids, b.ids)
        guard !pairs.isEmpty else {
            throw DirectiveError("`a` and `b` share no item ids, so they cannot be compared; they must label the same items", option: Self.b.name)
        }
        let texts = { (l: ItemLabels, i: Int) in l.column.text(at: i) }
        if context.options[Self.excludeNoise] {
            pairs = pairs.filter { texts(a, $0.a) != "-1" && texts(b, $0.b) != "-1" }
        }
        let agreement = ClusterAgreement(pairs.map { Label(a.column, $0.a) }, pairs.map { Label(b.column, $0.b) })
        var silhouette: Double?
        if let points = context.value(ifGiven: Self.points) {
            guard case .matrix(let m) = points.resolvingPrimary, let ints = ItemJoin.integers(a) else {
                throw DirectiveError("the silhouette needs numeric labels in `a` and a matrix in `points`", option: Self.points.name)
            }
            let joined = ItemJoin.common(m.ids, a.ids)
            do { silhouette = try Silhouette.score(m.matrix.selectingRows(joined.map(\.a)), labels: joined.map { ints[$0.b] }) } catch {
                throw DirectiveError(error.description, option: Self.points.name)
            }
        }
        return Result(ari: agreement.adjustedRandIndex, nmi: agreement.normalizedMutualInformation, commonCount: pairs.count, silhouette: silhouette)
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        var text =
            "Adjusted Rand index \(ValueFormatter.fixed(r.ari, decimals: 3)), normalised mutual information "
            + "\(ValueFormatter.fixed(r.nmi, decimals: 3)) over \(r.commonCount) common items."
        if let s = r.silhouette { text += " Silhouette \(ValueFormatter.fixed(s, decimals: 3))." }
        return Presentation(.markdown(text))
    }
}

/// A label value compared by its type: numbers numerically, text as text.
private struct Label: Hashable, Comparable {
    let number: Double?
    let text: String

    init(_ column: Column, _ index: Int) {
        number = column.numbers?[index]
        text = column.text(at: index)
    }

    static func < (x: Label, y: Label) -> Bool {
        if let a = x.number, let b = y.number { return a < b }
        return x.text < y.text
    }
}
