import Foundation

/// `manifest.json`: what a report was made from — template, inputs, parameters, versions, step keys —
/// and a hash of every other output file. Deterministic: no times, sorted keys.
struct Manifest {
    static let litmusVersion = "0.1.0"

    let plan: Plan
    let outcome: RunOutcome
    let templateHash: String
    /// Other files of the report and their hashes, by relative path.
    let outputs: [String: String]
    let numbering: Numbering

    let environment: NumericEnvironment

    /// Paths are written relative to the template's folder (absolute parameter values that name a file
    /// or folder too), so two checkouts of the same project give the same manifest.
    var json: Data {
        let paths = RelativePaths(base: URL(fileURLWithPath: plan.template.path).deletingLastPathComponent())
        let object: [String: Any] = [
            "litmus": Self.litmusVersion,
            "template": ["path": paths.relative(plan.template.path), "sha256": templateHash],
            "seed": plan.template.frontMatter.seed,
            "params": Dictionary(plan.params.map { ($0.name, Self.json($0.value, paths: paths)) }, uniquingKeysWith: { a, _ in a }),
            "inputs": outcome.inputFiles.map { ["path": paths.relative($0.path), "sha256": $0.hash] }.sorted { $0["path"]! < $1["path"]! },
            "numeric_environment": environment.json,
            "steps": plan.steps.map { step -> [String: Any] in
                var entry: [String: Any] = [
                    "id": step.id, "directive": step.directive.name, "version": step.directive.version,
                    "key": outcome.keys[step.id] ?? "", "line": step.block.location.line,
                    "inputs": step.references.map(\.text),
                ]
                if let label = numbering.label(for: step.id) { entry["label"] = label }
                return entry
            },
            "outputs": outputs,
        ]
        return Self.encode(object)
    }

    static func encode(_ object: Any) -> Data {
        var data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        data.append(0x0A)
        return data
    }

    private static func json(_ value: OptionValue, paths: RelativePaths) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let b): b
        case .int(let i): i
        case .double(let d): d
        case .string(let s): s.hasPrefix("/") && FileManager.default.fileExists(atPath: s) ? paths.relative(s) : s
        case .list(let items): items.map { json($0.value, paths: paths) }
        case .map(let entries): Dictionary(entries.map { ($0.key, json($0.value.value, paths: paths)) }, uniquingKeysWith: { a, _ in a })
        }
    }
}

/// `run.json`: how this render went (cache hits, seconds per step) and, when an earlier render with the
/// same cache was recorded, each input folder's files added, changed and removed since. The one report
/// file that differs between renders of the same inputs, kept apart from the manifest for that reason.
struct RunLog {
    let records: [StepRecord]
    var folderChanges: [FolderChange]? = nil
    /// Where the wall time went up to writing (the writing itself is after this file is made).
    var phases = RenderPhases()

    var json: Data {
        let steps = records.map { record -> [String: Any] in
            var entry: [String: Any] = [
                "id": record.id, "directive": record.directive, "key": record.key,
                "cached": record.cached, "seconds": (record.seconds * 1000).rounded() / 1000,
            ]
            if let figure = record.figureCached { entry["figure_cached"] = figure }
            return entry
        }
        var object: [String: Any] = ["steps": steps]
        if !phases.phases.isEmpty {
            func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
            object["phases"] = phases.phases.map { ["phase": $0.name, "seconds": rounded($0.seconds)] as [String: Any] }
            object["seconds"] = rounded(phases.total)
            object["seconds_outside_steps"] = rounded(phases.total - phases.seconds(of: RenderPhases.Name.steps))
        }
        if let folderChanges {
            object["input_changes"] = folderChanges.map { change -> [String: Any] in
                ["step": change.step, "option": change.option, "added": change.added, "changed": change.changed, "removed": change.removed]
            }
        }
        return Manifest.encode(object)
    }
}
