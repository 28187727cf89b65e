import Foundation
import TestSupport
import Testing

@testable import ReportEngine

/// Input files are not read again while their stat record is unchanged, and any edit is still found.
@Suite struct FileHashIndexTests {
    /// The hash a tampered record claims: an index that answers it took the hash from its record.
    static let fake = String(repeating: "0", count: 64)

    /// A file `a.png` in a new folder, and an index at `index.tsv` whose record for it claims `fake`.
    static func fileWithTamperedRecord(_ name: String) throws -> (file: URL, index: URL) {
        let folder = try TestData.temporaryDirectory(name)
        let file = folder.appendingPathComponent("a.png")
        let location = folder.appendingPathComponent("index.tsv")
        try Data("first content".utf8).write(to: file)
        let index = FileHashIndex(location: location, settleSeconds: 0)
        _ = try index.hash(of: file)
        index.save()
        let text = try String(contentsOf: location, encoding: .utf8)
        try text.replacingOccurrences(of: try ContentHash.ofFile(file), with: fake).write(to: location, atomically: true, encoding: .utf8)
        return (file, location)
    }

    static func modificationTime(_ path: String) -> timespec {
        var info = stat()
        _ = stat(path, &info)
        return info.st_mtim
    }

    @Test func anUnchangedFileIsNotReadAgain() throws {
        let (file, location) = try Self.fileWithTamperedRecord("litmus-file-index")
        #expect(try FileHashIndex(location: location, settleSeconds: 0).hash(of: file) == Self.fake)
    }

    /// Same size, and the modification time put back to the nanosecond (`touch -r`): the change time moved.
    @Test func anEditKeepingSizeAndModificationTimeIsFound() throws {
        let (file, location) = try Self.fileWithTamperedRecord("litmus-file-index-edit")
        let before = Self.modificationTime(file.path)
        let handle = try FileHandle(forWritingTo: file)  // in place: the inode stays
        try handle.write(contentsOf: Data("other content".utf8))
        try handle.close()
        var times = [before, before]  // access and modification time
        #expect(utimensat(AT_FDCWD, file.path, &times, 0) == 0)
        let after = Self.modificationTime(file.path)
        #expect(after.tv_sec == before.tv_sec && after.tv_nsec == before.tv_nsec)
        let hash = try FileHashIndex(location: location, settleSeconds: 0).hash(of: file)
        #expect(hash != Self.fake)
        #expect(hash == (try ContentHash.ofFile(file)))
    }

    /// A file changed moments ago may still be written within the same timestamp tick: no record is kept.
    @Test func aFreshFileKeepsNoRecord() throws {
        let folder = try TestData.temporaryDirectory("litmus-file-index-fresh")
        let file = folder.appendingPathComponent("a.png")
        let location = folder.appendingPathComponent("index.tsv")
        try Data("content".utf8).write(to: file)
        let index = FileHashIndex(location: location)
        #expect(try index.hash(of: file) == (try ContentHash.ofFile(file)))
        index.save()
        #expect(!FileManager.default.fileExists(atPath: location.path))
    }

    /// A damaged index is only a missed shortcut: bad lines are dropped, huge numbers do not overflow.
    @Test func badLinesAreDropped() {
        let good = "/a\t5\t1\t2\t3\t4\t" + String(repeating: "a", count: 64)
        let text = [
            good, "/b\t99999999999999999999\t1\t2\t3\t4\t" + String(repeating: "b", count: 64),
            "/c\t9999999999999999999\t1\t2\t3\t4\t" + String(repeating: "c", count: 64),
            "/d\t-1\t1\t2\t3\t4\t" + String(repeating: "d", count: 64), "/e\t1\t2", "", "\t\t\t\t\t\t",
        ].joined(separator: "\n")
        let records = FileHashIndex.decode(Data(text.utf8))
        #expect(Array(records.keys) == ["/a"])
        #expect(records["/a"]?.size == 5 && records["/a"]?.device == 4)
    }

    @Test func folderHashesAreTheSameWithAndWithoutTheIndex() throws {
        let folder = try TestData.temporaryDirectory("litmus-file-index-folder")
        for name in ["a.png", "b/c.png", "b/d.jpg"] {
            let url = folder.appendingPathComponent("images/" + name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(name.utf8).write(to: url)
        }
        let images = folder.appendingPathComponent("images")
        let index = FileHashIndex(location: nil, settleSeconds: 0)
        let plain = try ContentHash.ofFolder(images)
        #expect(try ContentHash.ofFolder(images, index: index) == plain)
        #expect(try ContentHash.ofFolder(images, index: index) == plain)  // now from the records
    }
}
