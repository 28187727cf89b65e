import Crypto
import Foundation

/// SHA-256 hex digests of bytes and files (files are read in chunks, so size does not matter).
public enum ContentHash {
    public static func of(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    public static func of(_ text: String) -> String { of(Data(text.utf8)) }

    /// Every regular file below `url` (hidden ones excluded), by relative path and content: adding,
    /// removing, renaming or changing any file changes the hash; modification times do not.
    /// - Parameter index: file hashes kept between renders (nil: every file is read).
    public static func ofFolder(_ url: URL, index: FileHashIndex? = nil) throws -> String {
        ofFolder(listing: try folderListing(url, index: index))
    }

    /// A folder's hash from its `folderListing`.
    public static func ofFolder(listing: [(path: String, hash: String)]) -> String {
        of(listing.map { "\($0.path)\t\($0.hash)\n" }.joined())
    }

    /// Every file under `url` (hidden ones left out) by its path relative to it, sorted, with its hash.
    public static func folderListing(_ url: URL, index: FileHashIndex? = nil) throws -> [(path: String, hash: String)] {
        let base = url.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        var entries = [String]()
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                entries.append(relative)
            }
        }
        return try entries.sorted().map { relative in
            let file = URL(fileURLWithPath: base + "/" + relative)
            return (relative, try index?.hash(of: file) ?? ofFile(file))
        }
    }

    public static func ofFile(_ url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
