import Foundation
import LinearAlgebra

/// Turns a `Value` into files for the cache — JSON for structure, `.npy` for matrices — and back.
enum ValueArchive {
    static let valueName = "value.json"

    static func files(for value: Value) throws -> [String: Data] {
        var blobs = [String: Data]()
        let archived = archive(value, blobs: &blobs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        blobs[valueName] = try encoder.encode(archived)
        return blobs
    }

    static func value(from files: [String: Data]) throws -> Value {
        guard let json = files[valueName] else { throw ArchiveError("missing \(valueName)") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try unarchive(try decoder.decode(Archived.self, from: json), files: files)
    }

    struct ArchiveError: Error { let message: String; init(_ m: String) { message = m } }

    private indirect enum Archived: Codable {
        case null, bool(Bool), int(Int), double(Double), string(String)
        case list([Archived])
        case record(names: [String], values: [Archived], primary: String?)
        case matrix(ids: [String], blob: String, columnNames: [String]?)
        case labels(ids: [String], column: ArchivedColumn, name: String)
        case table(names: [String], columns: [ArchivedColumn], omittedRows: Int)
    }

    private enum ArchivedColumn: Codable {
        case ints([Int]), doubles([Double]), strings([String])
    }

    private static func archive(_ value: Value, blobs: inout [String: Data]) -> Archived {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let items): return .list(items.map { archive($0, blobs: &blobs) })
        case .record(let r):
            return .record(names: r.fields.map(\.name), values: r.fields.map { archive($0.value, blobs: &blobs) }, primary: r.primary)
        case .matrix(let m):
            let name = "matrix-\(blobs.count).npy"
            blobs[name] = NPYCodec.encode(NPYArray(m.matrix))
            return .matrix(ids: m.ids, blob: name, columnNames: m.columnNames)
        case .labels(let l): return .labels(ids: l.ids, column: archive(l.column), name: l.name)
        case .table(let t):
            return .table(names: t.columns.map(\.name), columns: t.columns.map { archive($0.values) }, omittedRows: t.omittedRows)
        }
    }

    private static func archive(_ column: Column) -> ArchivedColumn {
        switch column {
        case .ints(let v): .ints(v)
        case .doubles(let v): .doubles(v)
        case .strings(let v): .strings(v)
        }
    }

    private static func unarchive(_ column: ArchivedColumn) -> Column {
        switch column {
        case .ints(let v): .ints(v)
        case .doubles(let v): .doubles(v)
        case .strings(let v): .strings(v)
        }
    }

    private static func unarchive(_ archived: Archived, files: [String: Data]) throws -> Value {
        switch archived {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let items): return .list(try items.map { try unarchive($0, files: files) })
        case .record(let names, let values, let primary):
            guard names.count == values.count else { throw ArchiveError("record fields do not match") }
            return .record(Record(try zip(names, values).map { Record.Field($0, try unarchive($1, files: files)) }, primary: primary))
        case .matrix(let ids, let blob, let columnNames):
            guard let data = files[blob] else { throw ArchiveError("missing \(blob)") }
            let matrix = try NPYCodec.decode(data).matrix()
            guard matrix.rows == ids.count, columnNames == nil || columnNames!.count == matrix.columns else {
                throw ArchiveError("\(blob) does not match its ids")
            }
            return .matrix(ItemMatrix(ids: ids, matrix: matrix, columnNames: columnNames))
        case .labels(let ids, let column, let name):
            let c = unarchive(column)
            guard c.count == ids.count else { throw ArchiveError("labels do not match their ids") }
            return .labels(ItemLabels(ids: ids, column: c, name: name))
        case .table(let names, let columns, let omitted):
            let cs = columns.map(unarchive)
            guard names.count == cs.count, Set(cs.map(\.count)).count <= 1 else { throw ArchiveError("table columns do not match") }
            return .table(Table(zip(names, cs).map { Table.NamedColumn($0, $1) }, omittedRows: omitted))
        }
    }
}
