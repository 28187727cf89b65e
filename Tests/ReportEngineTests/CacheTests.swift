import Foundation
import LinearAlgebra
import Synchronization
import TestSupport
import Testing

@testable import ReportEngine

@Suite struct CacheTests {
    private let sample: Value = .record(
        Record(
            [
                .init(
                    "embedding",
                    .matrix(ItemMatrix(ids: ["a", "b"], matrix: Matrix(rowArrays: [[1, 2], [3, .infinity]]), columnNames: ["x", "y"]))),
                .init("labels", .labels(ItemLabels(ids: ["a", "b"], column: .strings(["one", "two"]), name: "group"))),
                .init("table", .table(Table([.init("k", .ints([1, 2])), .init("v", .doubles([0.5, .nan]))], omittedRows: 3))),
                .init("list", .list([.int(1), .double(2.5), .string("x"), .bool(true), .null])),
            ], primary: "embedding"))

    /// Numbered column names (`f1`…, `p0`…) are stored as a prefix and a first number; any other names as
    /// they are. Either way the names come back exactly.
    @Test(arguments: [
        ["f1", "f2", "f3"], ["p0", "p1", "p2"], ["x7", "x8", "x9"], ["f01", "f02", "f03"], ["p0", "p1", "q2"],
        ["1", "2", "3"], ["a", "b", "c"], ["p9", "p10", "p11"],
    ])
    func columnNamesRoundTrip(names: [String]) throws {
        let matrix = Value.matrix(ItemMatrix(ids: ["a"], matrix: Matrix(rowArrays: [[1, 2, 3]]), columnNames: names))
        let files = try ValueArchive.files(for: matrix)
        #expect(try ValueArchive.value(from: files) == matrix)
        let numbered = ["f1", "p0", "x7", "1", "p9"].contains(names[0]) && names != ["p0", "p1", "q2"]
        #expect(String(decoding: files[ValueArchive.valueName]!, as: UTF8.self).contains("numberedMatrix") == numbered)
    }

    @Test func valuesRoundTripThroughTheArchive() throws {
        let restored = try ValueArchive.value(from: try ValueArchive.files(for: sample))
        // NaN ≠ NaN, so compare the table's text form and everything else directly.
        guard case .record(let r) = restored, case .table(let t) = r["table"]! else {
            Issue.record("not a record")
            return
        }
        #expect(t.columns[1].values.text(at: 1) == "NaN")
        #expect(t.omittedRows == 3)
        #expect(r["embedding"] == (try #require({ if case .record(let s) = sample { s["embedding"] } else { nil } }())))
        #expect(r["labels"] != nil && r["list"] == .list([.int(1), .double(2.5), .string("x"), .bool(true), .null]))
        #expect(r.primary == "embedding")
    }

    @Test func storesAndLoadsEntries() throws {
        let cache = ResultCache(directory: try TestData.temporaryDirectory())
        #expect(cache.files(for: "abc123") == nil)
        let files = ["value.json": Data("{}".utf8), "m.npy": Data([1, 2, 3])]
        cache.store(files, for: "abc123")
        #expect(cache.files(for: "abc123") == files)
    }

    @Test func aCorruptEntryIsReportedRemovedAndMissed() throws {
        final class Reports: Sendable { let lines = Mutex([String]()) }
        let reports = Reports()
        let directory = try TestData.temporaryDirectory()
        let cache = ResultCache(directory: directory, report: { line in reports.lines.withLock { $0.append(line) } })
        cache.store(["value.json": Data("{\"a\": 1}".utf8)], for: "feed01")
        let file = directory.appendingPathComponent("fe/feed01/value.json")
        var bytes = try Data(contentsOf: file)
        bytes[3] ^= 0x01
        try bytes.write(to: file)
        #expect(cache.files(for: "feed01") == nil)
        let lines = reports.lines.withLock { $0 }
        #expect(lines.count == 1 && lines[0].contains("corrupt"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("fe/feed01").path))
        // Recomputed and stored again, it is good.
        cache.store(["value.json": Data("{\"a\": 1}".utf8)], for: "feed01")
        #expect(cache.files(for: "feed01") != nil)
    }

    @Test func truncatedEntryIsDetected() throws {
        let directory = try TestData.temporaryDirectory()
        let cache = ResultCache(directory: directory)
        cache.store(["m.npy": Data(repeating: 7, count: 100)], for: "beef02")
        try Data(repeating: 7, count: 50).write(to: directory.appendingPathComponent("be/beef02/m.npy"))
        #expect(cache.files(for: "beef02") == nil)
    }
}
