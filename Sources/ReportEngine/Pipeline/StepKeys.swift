/// Cache keys: SHA-256 of the directive's name and version, its result-changing options, the keys of its
/// inputs (with the fields used), the content of its input files, and its seed if it uses the template's.
/// A sharded step's items get keys from the same parts less the options that choose the items
/// (`ShardedDirective.itemSelectingOptions`), plus each item's content: adding an image leaves the other
/// images' keys as they were, and any other change reaches every item.
struct StepKeys {
    let registry: DirectiveRegistry

    /// Keys of every step, computed in dependency order, with their parts and the item key bases of
    /// sharded steps. `fileHashes` maps file paths to content hashes.
    func keys(for plan: Plan, fileHashes: [String: String]) -> PlanKeys {
        var keys = [String: String]()
        var bases = [String: String]()
        var parts = [String: KeyParts]()
        for level in plan.levels {
            for index in level {
                let step = plan.steps[index]
                let stepParts = self.parts(of: step, inputKeys: keys, fileHashes: fileHashes)
                (keys[step.id], parts[step.id]) = (stepParts.key, stepParts)
                if let sharded = step.directive as? any ShardedDirective {
                    bases[step.id] = stepParts.leavingOut(Set(sharded.itemSelectingOptions.map(\.name))).itemKeyBase
                }
            }
        }
        return PlanKeys(steps: keys, itemBases: bases, parts: parts)
    }

    /// The named parts of a step's key.
    func parts(of step: PlannedStep, inputKeys: [String: String], fileHashes: [String: String]) -> KeyParts {
        let analysis = step.analysisOptions(schema: registry.options(of: step.directive))
        return KeyParts(
            directive: "\(step.directive.name) v\(step.directive.versionText)",
            options: Dictionary(analysis.map { ($0, step.options.values[$0]?.canonical ?? "null") }, uniquingKeysWith: { a, _ in a }),
            inputs: Dictionary(
                step.references.map {
                    ($0.option, KeyParts.Input(step: $0.stepID, key: inputKeys[$0.stepID] ?? "?", path: $0.path.joined(separator: ".")))
                },
                uniquingKeysWith: { a, _ in a }),
            files: Dictionary(step.files.map { ($0.option, fileHashes[$0.url.path] ?? "?") }, uniquingKeysWith: { a, _ in a }),
            folders: Dictionary(step.folders.map { ($0.option, fileHashes[$0.url.path] ?? "?") }, uniquingKeysWith: { a, _ in a }),
            seed: step.usesTemplateSeed ? step.seed : nil)
    }

    /// The key of a drawn figure: its step's key plus the options that change pixels.
    func figureKey(for step: PlannedStep, stepKey: String) -> String {
        ContentHash.of("litmus-figure 1\n\(stepKey)\n\(step.drawingOptionsText(schema: registry.options(of: step.directive)))")
    }
}

/// What a step's key is made of, by name: so that `litmus status` can say which part changed.
public struct KeyParts: Codable, Sendable, Equatable {
    public struct Input: Codable, Sendable, Equatable {
        /// The step the reference names, its key, and the fields followed (`components.0`).
        public var step: String, key: String, path: String
    }

    /// The directive's name and version text (`umap v3`, `agreement_sweep v2+umap3+optics2`).
    public var directive: String
    /// The analysis options given as values, canonical, by name (a left-out option's default included).
    public var options: [String: String]
    /// The references, by option (`input`, `images[0]`).
    public var inputs: [String: Input]
    /// Input files' and folders' content hashes, by option.
    public var files: [String: String]
    public var folders: [String: String]
    /// The step's seed, when it uses the template's.
    public var seed: UInt64?

    /// One line per part, in a fixed order: what the key hashes.
    var lines: [String] {
        var lines = ["directive \(directive)", "options " + options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: ";")]
        lines += inputs.keys.sorted().map { "input \($0)=\(inputs[$0]!.key)/\(inputs[$0]!.path)" }
        lines += files.keys.sorted().map { "file \($0)=\(files[$0]!)" }
        lines += folders.keys.sorted().map { "folder \($0)=\(folders[$0]!)" }
        if let seed { lines.append("seed \(seed)") }
        return lines
    }

    public var key: String { ContentHash.of((["litmus-step 1"] + lines).joined(separator: "\n")) }

    /// The base of a sharded step's item keys (`RunContext.itemKey`): these parts less `leftOut`.
    var itemKeyBase: String { (["litmus-item 1"] + lines).joined(separator: "\n") }

    /// These parts without the options (and the inputs, files and folders they name) in `names`.
    func leavingOut(_ names: Set<String>) -> KeyParts {
        let kept = { (option: String) in !names.contains(String(option.prefix { $0 != "[" })) }
        var parts = self
        parts.options = options.filter { kept($0.key) }
        parts.inputs = inputs.filter { kept($0.key) }
        parts.files = files.filter { kept($0.key) }
        parts.folders = folders.filter { kept($0.key) }
        return parts
    }
}

/// A plan's keys, made by `StepKeys` in one place: every step's key and its parts, and the base of each
/// sharded step's item keys (`RunContext.itemKey`).
struct PlanKeys: Sendable {
    let steps: [String: String]
    let itemBases: [String: String]
    let parts: [String: KeyParts]

    /// The key of a step of the plan (every planned step has one).
    subscript(id: String) -> String { steps[id]! }

    func itemKeyBase(of id: String) -> String? { itemBases[id] }

    /// Per reference option of a step, the key of the value it names (`RunContext.inputKeys`).
    func inputKeys(of id: String) -> [String: String] { parts[id]?.inputs.mapValues { "\($0.key)/\($0.path)" } ?? [:] }
}
