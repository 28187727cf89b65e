import DirectiveLibrary
import Foundation
import ReportTestSupport
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
            Issue.record(
                "\(name) differs from its golden copy (actual output written to \(keepActual(actual, named: name)))",
                sourceLocation: sourceLocation)
        }
    }

    /// A golden file with numbers computed in floating point: identical bytes where the golden folder's
    /// manifest was recorded in a numeric environment that computes like this one, else `comparison`'s
    /// tolerant check (text with numbers within tolerance before `boundary`, structure after it).
    static func checkNumbers(
        _ actual: Data, named name: String, environmentFrom manifestName: String?,
        boundary: String? = nil, comparison: ReportComparison = ReportComparison(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try checkTolerant(actual, named: name, environmentFrom: manifestName, sourceLocation: sourceLocation) { actual, expected in
            comparison.textProblems(
                actual: String(decoding: actual, as: UTF8.self), expected: String(decoding: expected, as: UTF8.self),
                boundary: boundary)
        }
    }

    /// A golden manifest: identical bytes in a numeric environment that computes like the recorded one,
    /// else everything but the output hashes and the environment itself.
    static func checkManifest(_ actual: Data, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try checkTolerant(actual, named: name, environmentFrom: name, sourceLocation: sourceLocation) { actual, expected in
            ReportComparison().manifestProblems(actual: actual, expected: expected)
        }
    }

    private static func checkTolerant(
        _ actual: Data, named name: String, environmentFrom manifestName: String?,
        sourceLocation: SourceLocation, problems: (Data, Data) -> [String]
    ) throws {
        let url = folder.appendingPathComponent(name)
        guard !recording, let expected = FileManager.default.contents(atPath: url.path), expected != actual else {
            return try check(actual, named: name, sourceLocation: sourceLocation)
        }
        let manifest = manifestName.flatMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }
        if ReportComparison.mode(referenceManifest: manifest) == .exact {
            Issue.record(
                "\(name) differs from its golden copy, which was recorded in a numeric environment that computes like this one (actual output written to \(keepActual(actual, named: name)))",
                sourceLocation: sourceLocation)
            return
        }
        for problem in problems(actual, expected) {
            Issue.record(
                "\(name), compared with tolerance (recorded on another CPU): \(problem) (actual output written to \(keepActual(actual, named: name)))",
                sourceLocation: sourceLocation)
        }
    }

    /// Writes a mismatching output beside the temporary folder for a look, named after the golden file.
    private static func keepActual(_ actual: Data, named name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(name.replacingOccurrences(of: "/", with: "-") + ".actual").path
        try? actual.write(to: URL(fileURLWithPath: path))
        return path
    }
}
