import Foundation
import LinearAlgebra

/// Turns a `Value` into files for the cache — JSON for structure, `.npy` for matrices — and back.
public enum ValueArchive {
    static let valueName = "value.json"

    public static func files(for value: Value) throws -> [String: Data] {
        var blobs = [String: Data]()
        let archived = archive(value, blobs: &blobs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        blobs[valueName] = try encoder.encode(archived)
        return blobs
    }

    public static func value(from files: [String: Data]) throws -> Value {
        guard let json = files[valueName] else { throw ArchiveError("missing \(valueName)") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try unarchive(try decoder.decode(Archived.self, from: json), files: files)
    }

    struct ArchiveError: Error {
        let message: String
        init(_ m: String) { message = m }
    }

    private indirect enum Archived: Codable {
        case null, bool(Bool), int(Int), double(Double), string(String)
        case list([Archived])
        case record(names: [String], values: [Archived], primary: String?)
        case matrix(ids: [String], blob: String, columnNames: [String]?)
        /// A matrix whose columns are named `prefix` + first, first + 1, … (`f1`…`f512`, `p0`…`p50175`):
        /// 50 176 heat-map pixel names took 440 KB of JSON, and decoding them most of a warm render.
        case numberedMatrix(ids: [String], blob: String, prefix: String, first: Int)
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
            if let names = m.columnNames, let (prefix, first) = numbering(names) {
                return .numberedMatrix(ids: m.ids, blob: name, prefix: prefix, first: first)
            }
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
            let matrix = try matrix(blob, ids: ids, files: files)
            guard columnNames == nil || columnNames!.count == matrix.columns else { throw ArchiveError("\(blob) does not match its column names") }
            return .matrix(ItemMatrix(ids: ids, matrix: matrix, columnNames: columnNames))
        case .numberedMatrix(let ids, let blob, let prefix, let first):
            let matrix = try matrix(blob, ids: ids, files: files)
            guard first >= 0, first <= Int.max - matrix.columns else { throw ArchiveError("\(blob): column numbers out of range") }
            return .matrix(ItemMatrix(ids: ids, matrix: matrix, columnNames: (first..<(first + matrix.columns)).map { prefix + String($0) }))
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

    private static func matrix(_ blob: String, ids: [String], files: [String: Data]) throws -> Matrix {
        guard let data = files[blob] else { throw ArchiveError("missing \(blob)") }
        let matrix = try NPYCodec.decode(data).matrix()
        guard matrix.rows == ids.count else { throw ArchiveError("\(blob) does not match its ids") }
        return matrix
    }

    /// `(prefix, first)` when `names` are `prefix` followed by first, first + 1, … in decimal.
    private static func numbering(_ names: [String]) -> (prefix: String, first: Int)? {
        guard let name = names.first else { return nil }
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }.count
        guard digits > 0, let first = Int(name.suffix(digits)), String(first) == name.suffix(digits) else { return nil }
        let prefix = String(name.dropLast(digits))
        for (offset, candidate) in names.enumerated() where candidate != prefix + String(first + offset) { return nil }
        return (prefix, first)
    }
}
