import Foundation

/// The folders a template may read inputs from: its own folder, plus those the user named on the command
/// line (`--allow-read`, and the paths given with `--param`). A template someone else wrote cannot make
/// a report out of files elsewhere on the machine without the user saying so.
public struct ReadAccess: Sendable {
    /// Resolved (symbolic links followed), so a link inside the folder cannot point out of it.
    public let roots: [URL]

    public init(roots: [URL]) {
        self.roots = roots.map { $0.resolvingSymlinksInPath().standardizedFileURL }
    }

    /// No restriction (library callers that vet their templates themselves).
    public static let unrestricted = ReadAccess(roots: [URL(fileURLWithPath: "/")])

    public func permits(_ url: URL) -> Bool {
        let path = url.resolvingSymlinksInPath().standardizedFileURL.path
        return roots.contains { root in
            root.path == "/" || path == root.path || path.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/")
        }
    }

    /// The template's folder, the folders given with `--allow-read`, and every `--param` value that names
    /// an existing file or folder (relative to the template's folder, as the template would read it).
    public static func forTemplate(in folder: URL, allowed: [URL], overrides: [(String, String)]) -> ReadAccess {
        let given = overrides.compactMap { _, value -> URL? in
            guard !value.isEmpty, !value.hasPrefix("demo:") else { return nil }
            let url = value.hasPrefix("/") ? URL(fileURLWithPath: value) : folder.appendingPathComponent(value)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        return ReadAccess(roots: [folder] + allowed + given)
    }
}
