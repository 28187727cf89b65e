import Foundation
import ReportEngine

/// What `litmus watch` compares between two looks at the disk: the size and modification time of the
/// template and of every file a step reads (folders: every file in them). Cheap enough to take twice a
/// second for thousands of images; a change of either re-renders, and the render's cache keys (content
/// hashes) then decide what actually re-runs.
struct InputFingerprint: Equatable {
    private var entries: [String: [Double]] = [:]

    /// The files to watch for a template: itself, plus the inputs of its plan if it is valid now.
    static func paths(template: String, plan: Plan?) -> (files: [URL], folders: [URL]) {
        let steps = plan?.steps ?? []
        return ([URL(fileURLWithPath: template)] + steps.flatMap { $0.files.map(\.url) }, steps.flatMap { $0.folders.map(\.url) })
    }

    init(files: [URL], folders: [URL]) {
        let manager = FileManager.default
        func record(_ path: String) {
            let attributes = try? manager.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.doubleValue ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            entries[path] = [size, modified]
        }
        for file in files { record(file.path) }
        for folder in folders {
            guard let walker = manager.enumerator(atPath: folder.path) else {
                entries[folder.path] = []
                continue
            }
            while let relative = walker.nextObject() as? String {
                // Hidden files are not inputs (the folder's content hash leaves them out too).
                if relative.hasPrefix(".") || relative.contains("/.") { continue }
                record(folder.appendingPathComponent(relative).path)
            }
        }
    }
}
