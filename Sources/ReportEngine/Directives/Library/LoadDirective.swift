import Foundation
import LinearAlgebra

/// `load`: a matrix or a label vector from a `.npy` or `.csv` file made elsewhere.
struct LoadDirective: Directive {
    let name = "load"
    let summary = "A matrix or label vector from a .npy or .csv file (features computed elsewhere)."
    let version = 1
    let output = OutputKind.none
    let shownByDefault = false

    var options: [OptionSpec] {
        [
            OptionSpec("path", .inputFile(extensions: ["npy", "csv"]), required: true,
                       doc: "the file, relative to the template's folder"),
            OptionSpec("ids", .oneOf([.inputFile(extensions: ["txt", "csv"]), .string]),
                       doc: "item ids: a .txt (one per line) or .csv file (column `id` or the first), or a column of the CSV; default row numbers"),
            OptionSpec("column", .string, doc: "for a CSV: load this column as labels instead of a matrix"),
            OptionSpec("kind", .choice(["auto", "matrix", "labels"]), default: .string("auto"),
                       doc: "what to make of the data; `auto`: 2-D or float → matrix, 1-D integers → labels"),
        ]
    }

    func run(_ context: RunContext) throws -> Value {
        let url = try context.file("path")
        let kind = context.options.string("kind") ?? "auto"
        switch url.pathExtension.lowercased() {
        case "npy": return try loadNPY(url, kind: kind, context: context)
        default: return try loadCSV(url, kind: kind, context: context)
        }
    }

    private func loadNPY(_ url: URL, kind: String, context: RunContext) throws -> Value {
        let array: NPYArray
        do {
            array = try NPYCodec.decode(try Data(contentsOf: url))
        } catch let error as NPYError {
            throw DirectiveError("cannot read `\(url.lastPathComponent)`: \(error)", option: "path")
        }
        if context.options.string("column") != nil {
            throw DirectiveError("`column` applies to CSV files; a .npy file has no named columns", option: "column")
        }
        let rows = array.shape.first ?? 1
        let ids = try itemIDs(count: rows, csv: nil, context: context)
        let wantsLabels = kind == "labels" || (kind == "auto" && array.shape.count == 1 && array.isInteger)
        if wantsLabels {
            guard array.shape.count == 1 else {
                throw DirectiveError("labels must be a 1-D array, this one has shape \(array.shape)", option: "kind")
            }
            guard let ints = array.integers else {
                throw DirectiveError("labels must be whole numbers; use `kind: matrix` for measurements", option: "kind")
            }
            return .labels(ItemLabels(ids: ids, column: .ints(ints), name: url.deletingPathExtension().lastPathComponent))
        }
        let matrix: Matrix
        do { matrix = try array.matrix() } catch { throw DirectiveError("`\(url.lastPathComponent)`: \(error)", option: "path") }
        return .matrix(ItemMatrix(ids: ids, matrix: matrix))
    }

    private func loadCSV(_ url: URL, kind: String, context: RunContext) throws -> Value {
        let csv = try readCSV(url, option: "path")
        let idColumn = context.files["ids"] == nil ? context.options.string("ids") : nil
        if let idColumn, csv.column(idColumn) == nil {
            throw DirectiveError("`\(url.lastPathComponent)` has no column `\(idColumn)`; columns: \(csv.header.joined(separator: ", "))", option: "ids")
        }
        let ids = try itemIDs(count: csv.rows.count, csv: csv, context: context)
        let idName = idColumn ?? (csv.header.contains("id") && context.files["ids"] == nil ? "id" : nil)
        if let labelColumn = context.options.string("column") {
            guard let cells = csv.column(labelColumn) else {
                throw DirectiveError("`\(url.lastPathComponent)` has no column `\(labelColumn)`; columns: \(csv.header.joined(separator: ", "))",
                                     option: "column")
            }
            return .labels(ItemLabels(ids: ids, column: .inferring(cells), name: labelColumn))
        }
        guard kind != "labels" else {
            throw DirectiveError("name the label column with `column:`", option: "column")
        }
        let names = csv.header.filter { $0 != idName }
        var storage = [Float](repeating: 0, count: csv.rows.count * names.count)
        for (c, name) in names.enumerated() {
            guard case .doubles(let values) = Column.inferring(csv.column(name)!).asDoubles else {
                throw DirectiveError("column `\(name)` of `\(url.lastPathComponent)` is not numeric; load label columns with `column: \(name)`",
                                     option: "path")
            }
            for r in 0..<values.count { storage[r * names.count + c] = Float(values[r]) }
        }
        return .matrix(ItemMatrix(ids: ids, matrix: Matrix(rows: csv.rows.count, columns: names.count, storage: storage),
                                  columnNames: names))
    }

    /// Ids from the `ids` file, the CSV's id column, or row numbers; checked for count and uniqueness.
    private func itemIDs(count: Int, csv: CSVTable?, context: RunContext) throws -> [String] {
        var ids: [String]
        if let url = context.files["ids"] {
            if url.pathExtension.lowercased() == "csv" {
                let table = try readCSV(url, option: "ids")
                ids = table.column("id") ?? table.rows.map { $0[0] }
            } else {
                let text = try String(contentsOf: url, encoding: .utf8)
                ids = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                while ids.last == "" { ids.removeLast() }
            }
        } else if let csv, let column = csv.column(context.options.string("ids") ?? "id") {
            ids = column
        } else if let name = context.options.string("ids"), csv == nil {
            throw DirectiveError("no ids file `\(name)` was found, and a .npy file has no columns", option: "ids")
        } else {
            ids = (0..<count).map(String.init)
        }
        guard ids.count == count else {
            throw DirectiveError("there are \(ids.count) ids for \(count) rows; give one id per row, in the same order", option: "ids")
        }
        var seen = Set<String>()
        if let duplicate = ids.first(where: { !seen.insert($0).inserted }) {
            throw DirectiveError("the id `\(duplicate)` appears more than once; item ids must be unique", option: "ids")
        }
        return ids
    }

    private func readCSV(_ url: URL, option: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: url.path),
              let text = String(data: data, encoding: .utf8) else {
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
