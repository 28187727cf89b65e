import CFileSystem
import Foundation

/// Writes a report folder all at once: files go to a temporary sibling folder that takes the old
/// report's place only when complete. On Linux the two folders are swapped in one atomic step, so at
/// every instant — even if the process is killed — the destination holds the old complete report or the
/// new complete one. Elsewhere (or on a file system that cannot swap) the old report is moved aside
/// first, and a report left aside by a killed render is put back by the next one.
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
        guard manager.fileExists(atPath: destination.path) else {
            try manager.moveItem(at: staging, to: destination)
            return
        }
        if litmus_exchange_paths(staging.path, destination.path) == 0 {
            // `staging` now holds the old report.
            try? manager.removeItem(at: staging)
            return
        }
        let old = parent.appendingPathComponent(".\(destination.lastPathComponent).\(unique).old")
        try manager.moveItem(at: destination, to: old)
        do { try manager.moveItem(at: staging, to: destination) } catch {
            try? manager.moveItem(at: old, to: destination)
            try? manager.removeItem(at: staging)
            throw error
        }
        try? manager.removeItem(at: old)
    }

    /// When the destination is missing but an old report was moved aside (a render killed between the
    /// two moves of the fallback path), it goes back into place. `Renderer.render` calls it first, so
    /// even a render that then fails restores the report.
    func restoreReportLeftAside() {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: destination.path) else { return }
        let parent = destination.deletingLastPathComponent()
        let prefix = ".\(destination.lastPathComponent)."
        guard
            let aside = (try? manager.contentsOfDirectory(atPath: parent.path))?
                .filter({ $0.hasPrefix(prefix) && $0.hasSuffix(".old") }).sorted().first
        else { return }
        try? manager.moveItem(at: parent.appendingPathComponent(aside), to: destination)
    }
}
