/// Cache keys: SHA-256 of the directive's name and version, its result-changing options, the keys of its
/// inputs (with the fields used), the content of its input files, and its seed if it uses the template's.
/// A sharded step's items get keys from the same parts less the options that choose the items
/// (`ShardedDirective.itemSelectingOptions`), plus each item's content: adding an image leaves the other
/// images' keys as they were, and any other change reaches every item.
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
        ContentHash.of((["litmus-step 1"] + parts(of: step, leavingOut: [], inputKeys: inputKeys, fileHashes: fileHashes)).joined(separator: "\n"))
    }

    /// What every item key of a sharded step starts from (nil for another step): `RunContext.itemKey`.
    func itemKeyBase(for step: PlannedStep, inputKeys: [String: String], fileHashes: [String: String]) -> String? {
        guard let sharded = step.directive as? any ShardedDirective else { return nil }
        let selecting = Set(sharded.itemSelectingOptions.map(\.name))
        return (["litmus-item 1"] + parts(of: step, leavingOut: selecting, inputKeys: inputKeys, fileHashes: fileHashes)).joined(separator: "\n")
    }

    /// The named parts of a step's key, one per line, without the options in `leftOut`.
    private func parts(of step: PlannedStep, leavingOut leftOut: Set<String>, inputKeys: [String: String], fileHashes: [String: String]) -> [String] {
        let kept = { (option: String) in !leftOut.contains(String(option.prefix { $0 != "[" })) }
        var lines = [
            "directive \(step.directive.name) v\(step.directive.versionText)",
            "options \(step.analysisOptionsText(schema: registry.options(of: step.directive).filter { kept($0.name) }))",
        ]
        for reference in step.references.sorted(by: { $0.option < $1.option }) where kept(reference.option) {
            lines.append("input \(reference.option)=\(inputKeys[reference.stepID] ?? "?")/\(reference.path.joined(separator: "."))")
        }
        for file in step.files.sorted(by: { $0.option < $1.option }) where kept(file.option) {
            lines.append("file \(file.option)=\(fileHashes[file.url.path] ?? "?")")
        }
        for folder in step.folders.sorted(by: { $0.option < $1.option }) where kept(folder.option) {
            lines.append("folder \(folder.option)=\(fileHashes[folder.url.path] ?? "?")")
        }
        if step.usesTemplateSeed { lines.append("seed \(step.seed)") }
        return lines
    }

    /// The key of a drawn figure: its step's key plus the options that change pixels.
    func figureKey(for step: PlannedStep, stepKey: String) -> String {
        ContentHash.of("litmus-figure 1\n\(stepKey)\n\(step.drawingOptionsText(schema: registry.options(of: step.directive)))")
    }
}
