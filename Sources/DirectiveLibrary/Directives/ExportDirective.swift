import Foundation
import LinearAlgebra
import ReportEngine

/// `export`: writes a result to the report's `data/` folder as `.csv` or `.npy`.
struct ExportDirective: TypedDirective {
    let name = "export"
    let summary = "Writes a value (or a field of it) to the report's data/ folder as .csv or .npy, rows in item order."
    let version = 1
    let output = OutputKind.text
    let shownByDefault = false

    static let input = InputOption.reference(
        "input", accepts: ValueKind.allCases, required: true,
        doc: "the value to write, e.g. `pca.embedding` or `pca.explained_variance_ratio`")
    static let path = InputOption.outputFile("path", extensions: ["csv", "npy"], doc: "file name inside data/; the extension picks the format")

    var options: [OptionSpec] { OptionSpec.of([Self.input, Self.path]) }

    typealias Result = NoResult

    func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
        guard let path = context.options.written(Self.path) else { return Presentation() }
        let value = try context.value(Self.input).resolvingPrimary
        let bytes = path.lowercased().hasSuffix(".npy") ? try npy(value) : try csv(value)
        let link = "Data: [`data/\(path)`](data/\(path))"
        return Presentation(.markdown(link), files: [.init(name: path, bytes: bytes)])
    }

    private func csv(_ value: Value) throws -> [UInt8] {
        if case .matrix(let m) = value {
            // Float32 values in their own shortest form (1.7980838, not 1.798083782196045).
            let header = ["id"] + (0..<m.matrix.columns).map(m.name(ofColumn:))
            let rows = m.ids.enumerated().map { r, id in [id] + m.matrix.row(r).map { "\($0)" } }
            return Array(CSVTable(header: header, rows: rows).text.utf8)
        }
        let table: Table
        do { table = try ValueTables.table(from: value) } catch { throw DirectiveError(error.message, option: Self.input.name) }
        let rows = (0..<table.rowCount).map { r in table.columns.map { Self.cell($0.values, r) } }
        return Array(CSVTable(header: table.columns.map(\.name), rows: rows).text.utf8)
    }

    /// Full precision in files (shortest round-trip text), unlike the rounded document tables.
    private static func cell(_ column: Column, _ row: Int) -> String {
        switch column {
        case .doubles(let v): "\(v[row])"
        default: column.text(at: row)
        }
    }

    private func npy(_ value: Value) throws -> [UInt8] {
        let array: NPYArray
        switch value {
        case .matrix(let m): array = NPYArray(m.matrix)
        case .labels(let l):
            switch l.column {
            case .ints(let v): array = NPYArray(shape: [v.count], elements: .int64(v))
            case .doubles(let v): array = NPYArray(shape: [v.count], elements: .float64(v))
            case .strings: throw DirectiveError("text labels cannot be written as .npy; use a .csv path", option: Self.path.name)
            }
        case .list:
            guard let numbers = value.numbers else {
                throw DirectiveError("only a list of numbers can be written as .npy; use a .csv path", option: Self.path.name)
            }
            array = NPYArray(shape: [numbers.count], elements: .float64(numbers))
        case .table(let t):
            let columns = t.columns.compactMap(\.values.numbers)
            guard columns.count == t.columns.count else {
                throw DirectiveError("the table has text columns; write it as .csv", option: Self.path.name)
            }
            var storage = [Double](repeating: 0, count: t.rowCount * columns.count)
            for (c, col) in columns.enumerated() { for r in 0..<t.rowCount { storage[r * columns.count + c] = col[r] } }
            array = NPYArray(shape: [t.rowCount, columns.count], elements: .float64(storage))
        case .int(let i): array = NPYArray(shape: [], elements: .int64([i]))
        case .double(let d): array = NPYArray(shape: [], elements: .float64([d]))
        default:
            throw DirectiveError("\(value.kind.article) cannot be written as .npy; use a .csv path", option: Self.path.name)
        }
        return Array(NPYCodec.encode(array))
    }
}
