import Foundation
import Testing

/// Compares rendered files with reviewed golden copies under Tests/EndToEndTests/Golden/.
///
/// `LITMUS_RECORD=1 scripts/test --filter EndToEndTests` rewrites them — and fails, so every new golden
/// file is looked at before it is committed.
enum GoldenFiles {
    static let folder = Workspace.packageRoot.appendingPathComponent("Tests/EndToEndTests/Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["LITMUS_RECORD"] == "1" }

    static func check(_ actual: Data, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url)
            Issue.record("recorded \(name); review it and run the tests again without LITMUS_RECORD", sourceLocation: sourceLocation)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("no golden file \(name); record it with LITMUS_RECORD=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let mismatch = url.appendingPathExtension("actual")
            try? actual.write(to: FileManager.default.temporaryDirectory.appendingPathComponent(mismatch.lastPathComponent))
            Issue.record("\(name) differs from its golden copy (actual output written to \(FileManager.default.temporaryDirectory.path)/\(mismatch.lastPathComponent))",
                         sourceLocation: sourceLocation)
        }
    }
}
