import Foundation

/// Paths written relative to one folder (`../data/most` from `templates/`), for files that must not
/// name the checkout they were made in.
struct RelativePaths {
    let baseComponents: [String]

    init(base: URL) {
        baseComponents = base.standardizedFileURL.resolvingSymlinksInPath().pathComponents
    }

    /// `path` (absolute, or relative to the current directory) relative to the base; a trailing `/` kept.
    func relative(_ path: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let common = zip(baseComponents, target).prefix { $0 == $1 }.count
        let parts = Array(repeating: "..", count: baseComponents.count - common) + target.dropFirst(common)
        let relative = parts.isEmpty ? "." : parts.joined(separator: "/")
        return path.hasSuffix("/") && relative != "." ? relative + "/" : relative
    }
}
