/// Cache keys: SHA-256 of the directive's name and version, its result-changing options, the keys of its
/// inputs (with the fields used), the content of its input files, and its seed if it uses the template's.
struct StepKeys {
    let registry: DirectiveRegistry

    /// Keys of every step, computed in dependency order. `fileHashes` maps file paths to content hashes.
    func keys(for plan: Plan, fileHashes: [String: String]) -> [String: String] {
        var keys = [String: String]()
        for level in plan.levels {
            for index in level {
                let step = plan.steps[index]
                keys[step.id] = key(for: step, inputKeys: keys, fileHashes: fileHashes)
            }
        }
        return keys
    }

    func key(for step: PlannedStep, inputKeys: [String: String], fileHashes: [String: String]) -> String {
        var lines = [
            "litmus-step 1",
            "directive \(step.directive.name) v\(step.directive.versionText)",
            "options \(step.analysisOptionsText(schema: registry.options(of: step.directive)))",
        ]
        for reference in step.references.sorted(by: { $0.option < $1.option }) {
            lines.append("input \(reference.option)=\(inputKeys[reference.stepID] ?? "?")/\(reference.path.joined(separator: "."))")
        }
        for file in step.files.sorted(by: { $0.option < $1.option }) {
            lines.append("file \(file.option)=\(fileHashes[file.url.path] ?? "?")")
        }
        for folder in step.folders.sorted(by: { $0.option < $1.option }) {
            lines.append("folder \(folder.option)=\(fileHashes[folder.url.path] ?? "?")")
        }
        if step.usesTemplateSeed { lines.append("seed \(step.seed)") }
        return ContentHash.of(lines.joined(separator: "\n"))
    }

    /// The key of a drawn figure: its step's key plus the options that change pixels.
    func figureKey(for step: PlannedStep, stepKey: String) -> String {
        ContentHash.of("litmus-figure 1\n\(stepKey)\n\(step.drawingOptionsText(schema: registry.options(of: step.directive)))")
    }
}
