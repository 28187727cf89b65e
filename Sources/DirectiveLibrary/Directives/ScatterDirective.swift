import Plotting
import ReportEngine

/// `scatter`: a 2-D embedding as points, coloured by a label vector joined by item id.
struct ScatterDirective: TypedDirective {
    let name = "scatter"
    let summary = "Scatter plot of two columns of a matrix (an embedding), coloured by labels joined by item id."
    let version = 1
    let output = OutputKind.figure

    static let input = InputOption.reference("input", accepts: [.matrix], required: true, doc: "the points: a matrix or an embedding")
    static let color = InputOption.reference("color", accepts: [.labels], doc: "labels to colour by (joined by item id); -1 is noise, grey")
    static let dims = Option<[Int]>(
        "dims", .list(.int(0...10_000)), default: [0, 1], role: .presentation, doc: "the two columns to plot, counted from 0")
    static let pointSize = FigureOptions.pointSize(default: 4)

    var options: [OptionSpec] { OptionSpec.of([Self.input, Self.color, Self.dims] + FigureOptions.keys(defaultPointSize: 4)) }

    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] {
        options[Self.dims].count == 2 ? [] : [(Self.dims.name, "`dims` needs two column numbers, e.g. [0, 1]")]
    }

    typealias Result = NoResult

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        let o = context.options
        let points = try context.matrix(Self.input)
        let dims = o[Self.dims]
        guard dims.allSatisfy({ $0 < points.matrix.columns }) else {
            throw DirectiveError(
                "`dims` = \(dims) but the matrix has \(points.matrix.columns) column\(points.matrix.columns == 1 ? "" : "s")",
                option: Self.dims.name)
        }
        let x = points.matrix.column(dims[0]).map(Double.init)
        let y = points.matrix.column(dims[1]).map(Double.init)
        var legendTitle: String?
        let categories: [ScatterLayer.Category]
        if context.value(ifGiven: Self.color) != nil {
            let labels = try context.labels(Self.color)
            categories = try Self.categories(for: points.ids, labels: labels)
            legendTitle = labels.name
        } else {
            categories = [.init(name: "items", color: Palette.color(0), members: Array(0..<x.count))]
        }
        return .plot(
            FigureOptions.figure(
                o,
                axes: Axes(
                    xLabel: o[FigureOptions.xLabel] ?? points.name(ofColumn: dims[0]),
                    yLabel: o[FigureOptions.yLabel] ?? points.name(ofColumn: dims[1]),
                    layers: [
                        .scatter(
                            ScatterLayer(
                                x: x, y: y, categories: categories, pointSize: o[Self.pointSize], alpha: o[FigureOptions.alpha],
                                legendTitle: o[FigureOptions.legendTitle] ?? legendTitle))
                    ])))
    }

    /// One category per distinct label (numeric order for numbers), noise (−1) and unlabelled items grey.
    static func categories(for ids: [String], labels: ItemLabels) throws -> [ScatterLayer.Category] {
        let position = Dictionary(labels.ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var members = [String: [Int]]()
        var keys = [(sortKey: Double?, text: String)]()
        var unlabelled = [Int]()
        for (i, id) in ids.enumerated() {
            guard let p = position[id] else {
                unlabelled.append(i)
                continue
            }
            let text = labels.column.text(at: p)
            if members[text] == nil {
                keys.append((labels.column.numbers?[p], text))
            }
            members[text, default: []].append(i)
        }
        guard unlabelled.count < ids.count else {
            throw DirectiveError("no point has a label in `\(labels.name)`: the two results share no item ids", option: Self.color.name)
        }
        keys.sort { a, b in
            if let x = a.sortKey, let y = b.sortKey { return x < y }
            return a.text < b.text
        }
        var colorIndex = 0
        var categories = [ScatterLayer.Category]()
        for key in keys {
            if key.sortKey == -1 {
                categories.append(.init(name: "noise", color: .noise, members: members[key.text]!, isNoise: true))
            } else {
                categories.append(.init(name: key.text, color: Palette.color(colorIndex), members: members[key.text]!))
                colorIndex += 1
            }
        }
        if !unlabelled.isEmpty {
            categories.append(.init(name: "no label", color: .noise, members: unlabelled, isNoise: true))
        }
        return categories
    }
}
