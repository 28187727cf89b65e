import Analysis

/// `agreement`: how well two labelings of the same items agree (ARI, NMI) over their common ids, and
/// optionally the silhouette of the first on the points it was found on.
struct AgreementDirective: Directive {
    let name = "agreement"
    let summary = "Adjusted Rand index and normalised mutual information of two labelings over their common item ids; silhouette."
    let version = 1
    let output = OutputKind.text

    var options: [OptionSpec] {
        [
            OptionSpec("a", .reference(accepts: [.labels]), required: true, doc: "the first labeling"),
            OptionSpec("b", .reference(accepts: [.labels]), required: true, doc: "the second labeling (joined to `a` by item id)"),
            OptionSpec("exclude_noise", .bool, default: .bool(false), doc: "leave out items labelled −1 in either labeling"),
            OptionSpec("points", .reference(accepts: [.matrix]), doc: "the points `a` clustered, to compute its silhouette"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        guard case .labels(let a) = try context.input("a").resolvingPrimary else { throw DirectiveError("`a` must be labels", option: "a") }
        guard case .labels(let b) = try context.input("b").resolvingPrimary else { throw DirectiveError("`b` must be labels", option: "b") }
        var pairs = ItemJoin.common(a.ids, b.ids)
        guard !pairs.isEmpty else {
            throw DirectiveError("`a` and `b` share no item ids, so they cannot be compared; they must label the same items", option: "b")
        }
        let texts = { (l: ItemLabels, i: Int) in l.column.text(at: i) }
        if context.options.bool("exclude_noise") == true {
            pairs = pairs.filter { texts(a, $0.a) != "-1" && texts(b, $0.b) != "-1" }
        }
        let agreement = ClusterAgreement(pairs.map { Label(a.column, $0.a) }, pairs.map { Label(b.column, $0.b) })
        var fields: [Record.Field] = [
            .init("ari", .double(agreement.adjustedRandIndex)),
            .init("nmi", .double(agreement.normalizedMutualInformation)),
            .init("n_common", .int(pairs.count)),
        ]
        if let points = context.inputs["points"] {
            guard case .matrix(let m) = points.resolvingPrimary, let ints = ItemJoin.integers(a) else {
                throw DirectiveError("the silhouette needs numeric labels in `a` and a matrix in `points`", option: "points")
            }
            let joined = ItemJoin.common(m.ids, a.ids)
            do {
                let score = try Silhouette.score(m.matrix.selectingRows(joined.map(\.a)), labels: joined.map { ints[$0.b] })
                fields.append(.init("silhouette", .double(score)))
            } catch {
                throw DirectiveError(error.description, option: "points")
            }
        }
        return .record(Record(fields))
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, let ari = r["ari"]?.number, let nmi = r["nmi"]?.number,
              let n = r["n_common"]?.number else { return Presentation() }
        var text = "Adjusted Rand index \(ValueFormatter.fixed(ari, decimals: 3)), normalised mutual information "
            + "\(ValueFormatter.fixed(nmi, decimals: 3)) over \(Int(n)) common items."
        if let s = r["silhouette"]?.number { text += " Silhouette \(ValueFormatter.fixed(s, decimals: 3))." }
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
