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

    /// - Parameter folderFiles: each input folder's files by the folder's path, as the render hashed them.
    init(plan: Plan, keys: [String: String], parts: [String: KeyParts], folderFiles: [String: [String: String]]) {
        var steps = [String: Step]()
        for step in plan.steps {
            guard let key = keys[step.id], let parts = parts[step.id] else { continue }
            steps[step.id] = Step(key: key, parts: parts, folderFiles: Self.folderFiles(of: step, in: folderFiles))
        }
        self.steps = steps
    }

    /// Per folder option of `step`: its files (path inside the folder → content hash), from `all` (by the
    /// folder's path).
    static func folderFiles(of step: PlannedStep, in all: [String: [String: String]]) -> [String: [String: String]] {
        Dictionary(step.folders.map { ($0.option, all[$0.url.path] ?? [:]) }, uniquingKeysWith: { a, _ in a })
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

/// The files of one step's input folder added, changed and removed between two renders (`run.json`).
struct FolderChange: Equatable {
    let step: String
    let option: String
    let added: [String]
    let changed: [String]
    let removed: [String]

    /// The files of `after` not in `before`, those in both with another hash, and those only in `before`.
    init(step: String, option: String, before: [String: String], after: [String: String]) {
        (self.step, self.option) = (step, option)
        added = after.keys.filter { before[$0] == nil }.sorted()
        changed = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }.sorted()
        removed = before.keys.filter { after[$0] == nil }.sorted()
    }

    var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// Every folder of `current` whose files differ from `previous`'s, by step and option; a step or
    /// folder the previous render did not have (a renamed step) is left out rather than called all new.
    static func all(from previous: KeyRecord, to current: KeyRecord) -> [FolderChange] {
        var changes = [FolderChange]()
        for id in current.steps.keys.sorted() {
            let now = current.steps[id]!.folderFiles
            for option in now.keys.sorted() {
                guard let before = previous.steps[id]?.folderFiles[option] else { continue }
                let change = FolderChange(step: id, option: option, before: before, after: now[option]!)
                if !change.isEmpty { changes.append(change) }
            }
        }
        return changes
    }
}
