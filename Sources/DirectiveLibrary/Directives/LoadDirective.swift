import Foundation
import LinearAlgebra
import ReportEngine

/// `load`: a matrix or a label vector from a `.npy` or `.csv` file made elsewhere.
struct LoadDirective: TypedDirective {
    let name = "load"
    let summary = "A matrix or label vector from a .npy or .csv file (features computed elsewhere)."
    let version = 1
    let output = OutputKind.none
    let shownByDefault = false

    enum Kind: String, OptionChoice { case auto, matrix, labels }

    static let path = InputOption.file("path", extensions: ["npy", "csv"], required: true, doc: "the file, relative to the template's folder")
    static let ids = Option<String?>(
        "ids", .oneOf([.inputFile(extensions: ["txt", "csv"]), .string]),
        doc: "item ids: a .txt (one per line) or .csv file (column `id` or the first), or a column of the CSV; default row numbers")
    static let column = Option<String?>("column", .string, doc: "for a CSV: load this column as labels instead of a matrix")
    static let kind = Option<Kind>("kind", default: .auto, doc: "what to make of the data; `auto`: 2-D or float → matrix, 1-D integers → labels")

    var options: [OptionSpec] { OptionSpec.of([Self.path, Self.ids, Self.column, Self.kind]) }

    /// A matrix or labels, known once the file is read.
    typealias Result = Value

    func resultShape(options: ResolvedOptions, inputs: [String: ValueShape]) -> ValueShape {
        if options[Self.column] != nil { return .labels }
        return switch options[Self.kind] {
        case .matrix: .matrix
        case .labels: .labels
        case .auto: .unknown
        }
    }

    func compute(_ context: RunContext) throws -> Value {
        guard let url = context.file(Self.path) else { throw DirectiveError("the option `path` is required", option: Self.path.name) }
        let kind = context.options[Self.kind]
        switch url.pathExtension.lowercased() {
        case "npy": return try loadNPY(url, kind: kind, context: context)
        default: return try loadCSV(url, kind: kind, context: context)
        }
    }

    private func loadNPY(_ url: URL, kind: Kind, context: RunContext) throws -> Value {
        let array: NPYArray
        do {
            array = try NPYCodec.decode(try Data(contentsOf: url))
        } catch let error as NPYError {
            throw DirectiveError("cannot read `\(url.lastPathComponent)`: \(error)", option: Self.path.name)
        }
        if context.options[Self.column] != nil {
            throw DirectiveError("`column` applies to CSV files; a .npy file has no named columns", option: Self.column.name)
        }
        let rows = array.shape.first ?? 1
        let ids = try itemIDs(count: rows, csv: nil, context: context)
        let wantsLabels = kind == .labels || (kind == .auto && array.shape.count == 1 && array.isInteger)
        if wantsLabels {
            guard array.shape.count == 1 else {
                throw DirectiveError("labels must be a 1-D array, this one has shape \(array.shape)", option: Self.kind.name)
            }
            guard let ints = array.integers else {
                throw DirectiveError("labels must be whole numbers; use `kind: matrix` for measurements", option: Self.kind.name)
            }
            return .labels(ItemLabels(ids: ids, column: .ints(ints), name: url.deletingPathExtension().lastPathComponent))
        }
        let matrix: Matrix
        do { matrix = try array.matrix() } catch { throw DirectiveError("`\(url.lastPathComponent)`: \(error)", option: Self.path.name) }
        return .matrix(ItemMatrix(ids: ids, matrix: matrix))
    }

    private func loadCSV(_ url: URL, kind: Kind, context: RunContext) throws -> Value {
        let csv = try readCSV(url, option: Self.path.name)
        let idColumn = context.file(Self.ids) == nil ? context.options[Self.ids] : nil
        if let idColumn, csv.column(idColumn) == nil {
            throw DirectiveError(
                "`\(url.lastPathComponent)` has no column `\(idColumn)`; columns: \(csv.header.joined(separator: ", "))", option: Self.ids.name)
        }
        let ids = try itemIDs(count: csv.rows.count, csv: csv, context: context)
        let idName = idColumn ?? (csv.header.contains("id") && context.file(Self.ids) == nil ? "id" : nil)
        if let labelColumn = context.options[Self.column] {
            guard let cells = csv.column(labelColumn) else {
                throw DirectiveError(
                    "`\(url.lastPathComponent)` has no column `\(labelColumn)`; columns: \(csv.header.joined(separator: ", "))",
                    option: Self.column.name)
            }
            return .labels(ItemLabels(ids: ids, column: .inferring(cells), name: labelColumn))
        }
        guard kind != .labels else {
            throw DirectiveError("name the label column with `column:`", option: Self.column.name)
        }
        let names = csv.header.filter { $0 != idName }
        var storage = [Float](repeating: 0, count: csv.rows.count * names.count)
        for (c, name) in names.enumerated() {
            guard case .doubles(let values) = Column.inferring(csv.column(name)!).asDoubles else {
                throw DirectiveError(
                    "column `\(name)` of `\(url.lastPathComponent)` is not numeric; load label columns with `column: \(name)`",
                    option: Self.path.name)
            }
            for r in 0..<values.count { storage[r * names.count + c] = Float(values[r]) }
        }
        return .matrix(
            ItemMatrix(
                ids: ids, matrix: Matrix(rows: csv.rows.count, columns: names.count, storage: storage),
                columnNames: names))
    }

    /// Ids from the `ids` file, the CSV's id column, or row numbers; checked for count and uniqueness.
    private func itemIDs(count: Int, csv: CSVTable?, context: RunContext) throws -> [String] {
        var ids: [String]
        if let url = context.file(Self.ids) {
            if url.pathExtension.lowercased() == "csv" {
                let table = try readCSV(url, option: Self.ids.name)
                ids = table.column("id") ?? table.rows.map { $0[0] }
            } else {
                let text = try String(contentsOf: url, encoding: .utf8)
                ids = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                while ids.last == "" { ids.removeLast() }
            }
        } else if let csv, let column = csv.column(context.options[Self.ids] ?? "id") {
            ids = column
        } else if let name = context.options[Self.ids], csv == nil {
            throw DirectiveError("no ids file `\(name)` was found, and a .npy file has no columns", option: Self.ids.name)
        } else {
            ids = (0..<count).map(String.init)
        }
        guard ids.count == count else {
            throw DirectiveError("there are \(ids.count) ids for \(count) rows; give one id per row, in the same order", option: Self.ids.name)
        }
        var seen = Set<String>()
        if let duplicate = ids.first(where: { !seen.insert($0).inserted }) {
            throw DirectiveError("the id `\(duplicate)` appears more than once; item ids must be unique", option: Self.ids.name)
        }
        return ids
    }

    private func readCSV(_ url: URL, option: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: url.path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw DirectiveError("`\(url.lastPathComponent)` is not readable UTF-8 text", option: option)
        }
        do { return try CSVTable(parsing: text) } catch {
            throw DirectiveError("`\(url.lastPathComponent)` \(error)", option: option)
        }
    }
}

private extension Column {
    var asDoubles: Column? {
        switch self {
        case .ints(let v): .doubles(v.map(Double.init))
        case .doubles: self
        case .strings: nil
        }
    }
}
