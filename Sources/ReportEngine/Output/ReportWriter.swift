import Foundation

/// Writes a report folder all at once: files go to a temporary sibling folder that replaces the old
/// report only when complete, so a failed render leaves the previous report untouched.
struct ReportWriter {
    let destination: URL

    func write(_ files: [String: Data]) throws {
        let manager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let unique = UUID().uuidString
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).\(unique).tmp")
        do {
            for (path, data) in files {
                let url = staging.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        if manager.fileExists(atPath: destination.path) {
            let old = parent.appendingPathComponent(".\(destination.lastPathComponent).\(unique).old")
            try manager.moveItem(at: destination, to: old)
            do { try manager.moveItem(at: staging, to: destination) } catch {
                try? manager.moveItem(at: old, to: destination)
                try? manager.removeItem(at: staging)
                throw error
            }
            try? manager.removeItem(at: old)
        } else {
            try manager.moveItem(at: staging, to: destination)
        }
    }
}
