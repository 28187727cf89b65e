import Foundation

/// Takes a step's value from the cache or computes it and stores it: the one way a value is made, in a
/// plain render, a shard task and a seed rerun alike.
struct StepEvaluator: Sendable {
    let cache: ResultCache?
    let fileIndex: FileHashIndex
    let log: @Sendable (String) -> Void
    let progress: @Sendable (StepProgress) -> Void
    /// What the steps of this render (or shard task) share while they run.
    let shared = SharedObjects()

    /// The step's value under `key` and whether it came from the cache.
    func value(
        of step: PlannedStep, key: String, itemKeyBase: String?, inputKeys: [String: String], inputs: [String: Value],
        repetitions: SeedRepetitions? = nil
    ) throws -> (value: Value, cached: Bool) {
        if let files = cache?.files(for: key) {
            if let value = try? ValueArchive.value(from: files) { return (value, true) }
            log("warning: cache entry for #\(step.id) could not be decoded; recomputing")
        }
        let value = try step.directive.run(
            context(for: step, itemKeyBase: itemKeyBase, inputKeys: inputKeys, inputs: inputs, repetitions: repetitions))
        if let cache { cache.store(try ValueArchive.files(for: value), for: key) }
        return (value, false)
    }

    /// What the step's directive runs with.
    func context(
        for step: PlannedStep, itemKeyBase: String?, inputKeys: [String: String], inputs: [String: Value], repetitions: SeedRepetitions? = nil
    ) -> RunContext {
        RunContext(
            stepID: step.id, options: step.options, inputs: inputs,
            files: Dictionary(step.files.map { ($0.option, $0.url) }, uniquingKeysWith: { a, _ in a }),
            folders: Dictionary(step.folders.map { ($0.option, $0.url) }, uniquingKeysWith: { a, _ in a }),
            seed: step.seed,
            workDirectory: cache.map { $0.directory.deletingLastPathComponent().appendingPathComponent("work") }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("litmus-work"),
            cache: cache, log: log, progress: progress, fileHashes: fileIndex, repetitions: repetitions, itemKeyBase: itemKeyBase,
            inputKeys: inputKeys, shared: shared)
    }

    /// `body`'s result and the seconds it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now()
        let result = try body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }
}
