import Foundation
import LinearAlgebra

/// Helpers shared by the test targets.
public enum TestData {
    /// A matrix of uniform values in [low, high), reproducible from `seed`.
    public static func randomMatrix(rows: Int, columns: Int, seed: UInt64, low: Float = -1, high: Float = 1) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        return Matrix(
            rows: rows, columns: columns,
            storage: (0..<(rows * columns)).map { _ in low + (high - low) * Float(rng.nextUnit()) })
    }

    /// A fresh empty folder in this test process's scratch folder, which is removed when the process
    /// exits (kept when `LITMUS_KEEP_TEST_FILES` is set, to look at what a failing test wrote).
    public static func temporaryDirectory(_ name: String = "litmus-test") throws -> URL {
        let url = scratchRoot.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `litmus-tests-<pid>` under the system's temporary directory; made, and its removal at exit
    /// registered, on first use.
    private static let scratchRoot: URL = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("litmus-tests-\(ProcessInfo.processInfo.processIdentifier)")
        if ProcessInfo.processInfo.environment["LITMUS_KEEP_TEST_FILES"] == nil {
            atexit { try? FileManager.default.removeItem(at: TestData.scratchRoot) }
        }
        return root
    }()
}

/// Relative difference |a − b| / max(|a|, |b|, floor).
public func relativeDifference(_ a: Double, _ b: Double, floor: Double = 1e-12) -> Double {
    abs(a - b) / max(abs(a), abs(b), floor)
}
