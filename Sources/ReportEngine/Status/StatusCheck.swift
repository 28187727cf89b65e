import Foundation

/// `litmus status`: per step, whether a render would take it from the cache or compute it, and why. It
/// hashes the input files (through the file-hash index, as a render does) and reads the last render's
/// `KeyRecord`; no directive runs.
struct StatusCheck {
    let registry: DirectiveRegistry
    let cacheDirectory: URL?

    func status(_ plan: Plan, templatePath: String) throws(DiagnosticList) -> StatusReport {
        let index = FileHashIndex(location: cacheDirectory?.appendingPathComponent(FileHashIndex.fileName))
        defer { index.save() }
        let files = try InputFileHashes(plan, index: index)
        let keys = StepKeys(registry: registry).keys(for: plan, fileHashes: files.byPath)
        let cache = cacheDirectory.map { ResultCache(directory: $0) }
        let record = cacheDirectory.flatMap { KeyRecord.read(from: KeyRecord.location(in: $0, templatePath: templatePath)) }
        var stale = Set<String>()
        var statuses = [String: StepStatus]()
        // Dependency order, so that a step's readers know it is stale.
        for position in plan.levels.flatMap({ $0 }) {
            let step = plan.steps[position]
            let key = keys[step.id]
            let state: StepStatus.State
            let reasons: [String]
            if let cache, cache.contains(key) {
                (state, reasons) = (.cached, [])
            } else if cache == nil {
                (state, reasons) = (.stale, ["no cache (--no-cache): a render computes every step"])
            } else {
                (state, reasons) = (
                    .stale, self.reasons(step, key: key, parts: keys.parts[step.id]!, record: record, stale: stale, folderFiles: files.folderFiles)
                )
            }
            if state == .stale { stale.insert(step.id) }
            statuses[step.id] = StepStatus(id: step.id, directive: step.directive.name, state: state, reasons: reasons)
        }
        return StatusReport(steps: plan.steps.map { statuses[$0.id]! })
    }

    private func reasons(
        _ step: PlannedStep, key: String, parts: KeyParts, record: KeyRecord?, stale: Set<String>, folderFiles: [String: [String: String]]
    ) -> [String] {
        guard let record else { return ["nothing rendered with this cache yet"] }
        guard let before = record.steps[step.id] else { return ["a new step (not in the last render)"] }
        guard before.key != key else { return ["not in the cache: its entry was removed"] }
        let folders = KeyRecord.folderFiles(of: step, in: folderFiles)
        let found = StaleReasons(staleSteps: stale).reasons(now: parts, folders: folders, before: before)
        return found.isEmpty ? ["its key changed"] : found
    }
}
