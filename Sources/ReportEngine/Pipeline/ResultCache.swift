import Foundation
import Synchronization

/// A content-addressed store under `.litmus/cache/`: one folder per key holding named files and a checksum.
///
/// Writes go to a unique temporary folder renamed into place, so readers never see half an entry and
/// two renders writing the same key cannot corrupt it. An entry whose checksum does not match is
/// reported, removed and treated as missing.
public struct ResultCache: Sendable {
    public let directory: URL
    /// Called with a message when a corrupt entry is found.
    let report: @Sendable (String) -> Void
    /// Entries being made through `files(for:orMake:)` by this cache's users (one render's steps).
    private let makers = EntryMakers()

    public init(directory: URL, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.directory = directory
        self.report = report
    }

    /// The files under `key`, made by `make` and stored when there is no entry yet. Steps of one render
    /// that ask for the same key at once make it once: the others wait and read it.
    public func files<E: Error>(for key: String, orMake make: () throws(E) -> [String: Data]) throws(E) -> (files: [String: Data], made: Bool) {
        let lock = makers.lock(for: key)
        lock.lock()
        defer { lock.unlock() }
        if let files = files(for: key) { return (files, false) }
        let files = try make()
        store(files, for: key)
        return (files, true)
    }

    private func folder(_ key: String) -> URL {
        directory.appendingPathComponent(String(key.prefix(2))).appendingPathComponent(key)
    }

    /// The files stored under `key`, or `nil` when there is no valid entry.
    public func files(for key: String) -> [String: Data]? {
        let entry = folder(key)
        let manager = FileManager.default
        guard manager.fileExists(atPath: entry.path) else { return nil }
        guard let checksum = try? String(contentsOf: entry.appendingPathComponent(Self.checksumName), encoding: .utf8),
            let names = try? manager.contentsOfDirectory(atPath: entry.path).filter({ $0 != Self.checksumName }).sorted()
        else { return discard(entry, key: key, why: "it has no checksum") }
        var files = [String: Data]()
        for name in names {
            guard let data = manager.contents(atPath: entry.appendingPathComponent(name).path) else {
                return discard(entry, key: key, why: "`\(name)` is unreadable")
            }
            files[name] = data
        }
        guard Self.checksum(files) == checksum.trimmingCharacters(in: .whitespacesAndNewlines) else {
            return discard(entry, key: key, why: "its checksum does not match its contents")
        }
        return files
    }

    /// Whether an entry for `key` is in place (without reading or checking it): how a coordinator counts
    /// the items other processes have stored.
    public func contains(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: folder(key).appendingPathComponent(Self.checksumName).path)
    }

    /// Stores `files` under `key` atomically. Failing to write the cache never fails a render.
    public func store(_ files: [String: Data], for key: String) {
        let manager = FileManager.default
        let entry = folder(key)
        let temporary = entry.deletingLastPathComponent().appendingPathComponent(".\(key).\(UUID().uuidString).tmp")
        do {
            try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
            for (name, data) in files { try data.write(to: temporary.appendingPathComponent(name)) }
            try Data(Self.checksum(files).utf8).write(to: temporary.appendingPathComponent(Self.checksumName))
            if manager.fileExists(atPath: entry.path) { try? manager.removeItem(at: entry) }
            try manager.moveItem(at: temporary, to: entry)
        } catch {
            try? manager.removeItem(at: temporary)
            if !manager.fileExists(atPath: entry.path) { report("could not write the cache entry \(key.prefix(12)): \(error.localizedDescription)") }
        }
    }

    static let checksumName = "checksum.sha256"

    static func checksum(_ files: [String: Data]) -> String {
        var combined = Data()
        for name in files.keys.sorted() {
            combined.append(Data("\(name)\n\(files[name]!.count)\n".utf8))
            combined.append(files[name]!)
        }
        return ContentHash.of(combined)
    }

    private func discard(_ entry: URL, key: String, why: String) -> [String: Data]? {
        report("cache entry \(key.prefix(12)) is corrupt (\(why)); recomputing it")
        try? FileManager.default.removeItem(at: entry)
        return nil
    }
}

/// One lock per key being made, shared by the copies of a `ResultCache`.
private final class EntryMakers: Sendable {
    private let locks = Mutex([String: NSLock]())

    func lock(for key: String) -> NSLock {
        locks.withLock { locks in
            if let lock = locks[key] { return lock }
            let lock = NSLock()
            locks[key] = lock
            return lock
        }
    }
}
