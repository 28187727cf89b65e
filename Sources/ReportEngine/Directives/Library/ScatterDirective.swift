import Plotting

/// `scatter`: a 2-D embedding as points, coloured by a label vector joined by item id.
struct ScatterDirective: Directive {
    let name = "scatter"
    let summary = "Scatter plot of two columns of a matrix (an embedding), coloured by labels joined by item id."
    let version = 1
    let output = OutputKind.figure

    var options: [OptionSpec] {
        [
            OptionSpec("input", .reference(accepts: [.matrix]), required: true, doc: "the points: a matrix or an embedding"),
            OptionSpec("color", .reference(accepts: [.labels]), doc: "labels to colour by (joined by item id); -1 is noise, grey"),
            OptionSpec("dims", .list(.int(0...10_000)), default: .list([]), role: .presentation,
                       doc: "the two columns to plot, counted from 0; default [0, 1]"),
        ] + FigureOptions.specs(defaultPointSize: 4)
    }

    func run(_ context: RunContext) throws -> Value { .null }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .matrix(let points) = try context.input("input").resolvingPrimary else {
            throw DirectiveError("`input` must be a matrix", option: "input")
        }
        let dims = context.options.numbers("dims").map { $0.map(Int.init) }.flatMap { $0.isEmpty ? nil : $0 } ?? [0, 1]
        guard dims.count == 2 else { throw DirectiveError("`dims` needs two column numbers, e.g. [0, 1]", option: "dims") }
        guard dims.allSatisfy({ $0 < points.matrix.columns }) else {
            throw DirectiveError("`dims` = \(dims) but the matrix has \(points.matrix.columns) column\(points.matrix.columns == 1 ? "" : "s")",
                                 option: "dims")
        }
        let x = points.matrix.column(dims[0]).map(Double.init)
        let y = points.matrix.column(dims[1]).map(Double.init)
        var legendTitle: String?
        let categories: [ScatterLayer.Category]
        if let colorValue = context.inputs["color"] {
            guard case .labels(let labels) = colorValue.resolvingPrimary else {
                throw DirectiveError("`color` must be a label vector", option: "color")
            }
            categories = try Self.categories(for: points.ids, labels: labels)
            legendTitle = labels.name
        } else {
            categories = [.init(name: "items", color: Palette.color(0), members: Array(0..<x.count))]
        }
        let figure = FigureOptions(context.options).figure(axes: Axes(
            xLabel: context.options.string("xlabel") ?? points.name(ofColumn: dims[0]),
            yLabel: context.options.string("ylabel") ?? points.name(ofColumn: dims[1]),
            layers: [.scatter(ScatterLayer(x: x, y: y, categories: categories,
                                           pointSize: context.options.double("point_size") ?? 4,
                                           alpha: context.options.double("alpha") ?? 0.7,
                                           legendTitle: context.options.string("legend_title") ?? legendTitle))]))
        return Presentation(.figure(figure))
    }

    /// One category per distinct label (numeric order for numbers), noise (−1) and unlabelled items grey.
    static func categories(for ids: [String], labels: ItemLabels) throws -> [ScatterLayer.Category] {
        let position = Dictionary(labels.ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var members = [String: [Int]]()
        var keys = [(sortKey: Double?, text: String)]()
        var unlabelled = [Int]()
        for (i, id) in ids.enumerated() {
            guard let p = position[id] else { unlabelled.append(i); continue }
            let text = labels.column.text(at: p)
            if members[text] == nil {
                keys.append((labels.column.numbers?[p], text))
            }
            members[text, default: []].append(i)
        }
        guard unlabelled.count < ids.count else {
            throw DirectiveError("no point has a label in `\(labels.name)`: the two results share no item ids", option: "color")
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
