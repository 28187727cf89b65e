import Foundation
import ReportEngine

/// A CSV file as text cells: a header row and data rows (RFC 4180 quoting).
public struct CSVTable: Sendable, Equatable {
    public let header: [String]
    public let rows: [[String]]

    public struct Failure: Error, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public init(header: [String], rows: [[String]]) {
        (self.header, self.rows) = (header, rows)
    }

    /// Parses CSV text; every row must have as many cells as the header.
    public init(parsing text: String) throws(Failure) {
        var records = [[String]]()
        var lineNumbers = [Int]()
        var field = ""
        var record = [String]()
        var quoted = false
        var line = 1
        var recordLine = 1
        var chars = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else {
                switch c {
                case "\"" where field.isEmpty: quoted = true
                case ",":
                    record.append(field)
                    field = ""
                case "\n":
                    record.append(field)
                    if !(record.count == 1 && record[0].isEmpty) {
                        records.append(record)
                        lineNumbers.append(recordLine)
                    }
                    record = []
                    field = ""
                    line += 1
                    recordLine = line
                default: field.append(c)
                }
            }
            i += 1
        }
        if quoted { throw Failure(line: recordLine, message: "a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
            lineNumbers.append(recordLine)
        }
        guard let header = records.first else { throw Failure(line: 1, message: "the file is empty; it needs a header row") }
        for (index, row) in records.enumerated().dropFirst() where row.count != header.count {
            throw Failure(line: lineNumbers[index], message: "\(row.count) cells where the header has \(header.count)")
        }
        self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = Array(records.dropFirst())
    }

    public func column(_ name: String) -> [String]? {
        header.firstIndex(of: name).map { index in rows.map { $0[index] } }
    }

    /// CSV text with a header; cells quoted only when they need it; `\n` line ends.
    public var text: String {
        ([header] + rows).map { $0.map(Self.quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    private static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
