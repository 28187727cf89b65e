import Foundation
import Synchronization

/// Content hashes of input files kept beside each file's stat record (size, modification and change
/// times to the nanosecond, inode, device), as git's index does: a file whose record is unchanged is not
/// read again. An edit shows in the change time even when it keeps the size and the modification time
/// (the kernel sets ctime on every write and `touch` cannot set it back), so a changed file is always
/// hashed again. Records of files changed within the last `settle` seconds are not kept: a file still
/// being written within one timestamp tick must not be trusted (git's "racily clean" entries).
public final class FileHashIndex: Sendable {
    struct Record: Equatable {
        let size: Int64
        let modified: Int64, changed: Int64  // ns since 1970
        let inode: UInt64, device: UInt64
        let sha256: String
    }

    /// Its file in the cache folder.
    public static let fileName = "file-hashes.tsv"

    /// Where the index is saved (beside the result cache); nil: kept for this render only.
    let location: URL?
    /// Nanoseconds a file must have been left alone before its record is kept.
    let settle: Int64
    /// Loaded on first use: a render whose steps read no files does not parse it.
    private let records = Mutex<[String: Record]?>(nil)
    private let dirty = Mutex(false)

    /// Loads the index at `location`; a missing or unreadable one starts empty (it is only a shortcut).
    public init(location: URL?, settleSeconds: Double = 2) {
        (self.location, settle) = (location, Int64(settleSeconds * 1e9))
    }

    private func withRecords<T>(_ body: (inout [String: Record]) -> T) -> T {
        records.withLock { loaded in
            var table = loaded ?? location.flatMap { try? Data(contentsOf: $0) }.map(Self.decode) ?? [:]
            defer { loaded = table }
            return body(&table)
        }
    }

    /// The SHA-256 of the file's content, from the index when the file's stat record is unchanged.
    public func hash(of url: URL) throws -> String {
        let path = url.standardizedFileURL.path
        guard let status = Self.status(path) else { return try ContentHash.ofFile(url) }  // stat failed: let the read report it
        if let record = withRecords({ $0[path] }), record.matches(status) { return record.sha256 }
        let hash = try ContentHash.ofFile(url)
        // Stat again: a file written while it was read keeps no record.
        if let after = Self.status(path), after == status, Self.now() - max(status.modified, status.changed) >= settle,
            !path.contains("\t"), !path.contains("\n")
        {
            withRecords { $0[path] = Record(status, sha256: hash) }
            dirty.withLock { $0 = true }
        }
        return hash
    }

    /// Writes the index if it changed; failing to write it never fails a render.
    public func save() {
        guard let location, dirty.withLock({ $0 }) else { return }
        let data = Self.encode(withRecords { $0 })
        try? FileManager.default.createDirectory(at: location.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: location, options: .atomic)
    }

    // One line a file: path, size, mtime, ctime, inode, device, sha256, tab-separated (JSON decoding of
    // 12 000 records cost more than hashing the files it saved). Paths with a tab or newline keep no record.

    static func encode(_ records: [String: Record]) -> Data {
        var text = ""
        for (path, r) in records.sorted(by: { $0.key < $1.key }) {
            text += "\(path)\t\(r.size)\t\(r.modified)\t\(r.changed)\t\(r.inode)\t\(r.device)\t\(r.sha256)\n"
        }
        return Data(text.utf8)
    }

    /// Lines that do not parse are dropped: the index is only a shortcut.
    static func decode(_ data: Data) -> [String: Record] {
        var records = [String: Record]()
        let bytes = [UInt8](data)
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            guard fields.count == 7, fields[6].count == 64,
                let size = number(fields[1]).flatMap(Int64.init(exactly:)), let modified = number(fields[2]).flatMap(Int64.init(exactly:)),
                let changed = number(fields[3]).flatMap(Int64.init(exactly:)), let inode = number(fields[4]),
                let device = number(fields[5])
            else { continue }
            records[String(decoding: fields[0], as: UTF8.self)] = Record(
                size: size, modified: modified, changed: changed, inode: inode, device: device, sha256: String(decoding: fields[6], as: UTF8.self))
        }
        return records
    }

    /// A decimal of at most 19 digits (every field fits in 63 bits).
    private static func number(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 19 else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
        }
        return value
    }

    struct Status: Equatable {
        let size: Int64, modified: Int64, changed: Int64, inode: UInt64, device: UInt64
    }

    static func status(_ path: String) -> Status? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let ns = { (time: timespec) in Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }
        return Status(
            size: Int64(info.st_size), modified: ns(info.st_mtim), changed: ns(info.st_ctim),
            inode: UInt64(info.st_ino), device: UInt64(info.st_dev))
    }

    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}

extension FileHashIndex.Record {
    init(_ status: FileHashIndex.Status, sha256: String) {
        (size, modified, changed, inode, device, self.sha256) = (status.size, status.modified, status.changed, status.inode, status.device, sha256)
    }

    func matches(_ status: FileHashIndex.Status) -> Bool {
        (size, modified, changed, inode, device) == (status.size, status.modified, status.changed, status.inode, status.device)
    }
}
