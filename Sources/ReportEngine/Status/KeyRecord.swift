import Foundation

/// What the last render of a template made its keys from: per step the parts of its key, and the files
/// of its input folders. Kept in the cache folder (`status/`), one file per template path, so that
/// `litmus status` can say what changed since.
struct KeyRecord: Codable, Equatable {
    struct Step: Codable, Equatable {
        var key: String
        var parts: KeyParts
        /// Per folder option: each file's path inside the folder and its content hash.
        var folderFiles: [String: [String: String]]
    }

    /// Bumped when the fields change; a record of another format is ignored.
    static let format = 1
    var format = Self.format
    var steps: [String: Step]

    /// Where the record of `templatePath` lives under `cache`.
    static func location(in cache: URL, templatePath: String) -> URL {
        let name = ContentHash.of(URL(fileURLWithPath: templatePath).standardizedFileURL.path).prefix(24)
        return cache.appendingPathComponent("status").appendingPathComponent("\(name).json")
    }

    init(plan: Plan, keys: [String: String], parts: [String: KeyParts], index: FileHashIndex) {
        var steps = [String: Step]()
        for step in plan.steps {
            guard let key = keys[step.id], let parts = parts[step.id] else { continue }
            var folders = [String: [String: String]]()
            for folder in step.folders {
                let listing = (try? ContentHash.folderListing(folder.url, index: index)) ?? []
                folders[folder.option] = Dictionary(listing.map { ($0.path, $0.hash) }, uniquingKeysWith: { a, _ in a })
            }
            steps[step.id] = Step(key: key, parts: parts, folderFiles: folders)
        }
        self.steps = steps
    }

    static func read(from file: URL) -> KeyRecord? {
        guard let data = FileManager.default.contents(atPath: file.path),
            let record = try? JSONDecoder().decode(KeyRecord.self, from: data), record.format == format
        else { return nil }
        return record
    }

    /// Written whole or not at all; a record that cannot be written only makes the next status vaguer.
    func write(to file: URL) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: file, options: .atomic)
    }
}
