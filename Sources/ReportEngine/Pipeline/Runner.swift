import Dispatch
import Foundation
import LinearAlgebra

/// Runs a plan: hashes input files, computes keys, takes results from the cache or computes them
/// (independent steps concurrently), then presents every step in document order.
public struct Runner: Sendable {
    public let registry: DirectiveRegistry
    public let cache: ResultCache?
    /// Progress lines (for stderr).
    public let log: @Sendable (String) -> Void
    public let progress: @Sendable (StepProgress) -> Void
    /// Steps computed at once at most (nil: as many as are independent).
    public let jobs: Int?
    /// Where the missing items of sharded steps are computed (nil: here, by the step itself).
    public let executor: (any ShardExecutor)?
    /// How the plan was made, for shards that plan the template again.
    public let origin: PlanOrigin?

    public init(registry: DirectiveRegistry, cache: ResultCache?, log: @escaping @Sendable (String) -> Void = { _ in },
                progress: @escaping @Sendable (StepProgress) -> Void = { _ in }, jobs: Int? = nil,
                executor: (any ShardExecutor)? = nil, origin: PlanOrigin? = nil) {
        (self.registry, self.cache, self.log, self.progress, self.jobs) = (registry, cache, log, progress, jobs.map { max(1, $0) })
        (self.executor, self.origin) = (executor, origin)
    }

    /// Computes the plan's steps (only those in `only` when given) and, for a whole run, presents
    /// every step; a partial run presents nothing.
    public func run(_ plan: Plan, only: Set<String>? = nil) throws(DiagnosticList) -> RunOutcome {
        let keyMaker = StepKeys(registry: registry)
        let index = FileHashIndex(location: cache.map { $0.directory.appendingPathComponent(FileHashIndex.fileName) })
        defer { index.save() }
        let (inputFiles, fileHashes) = try hashFiles(plan, index: index)
        let keys = keyMaker.keys(for: plan, fileHashes: fileHashes)
        let values = Locked([String: Value]())
        let records = Locked([String: StepRecord]())
        let failures = Locked([Diagnostic]())

        for level in plan.levels.map({ $0.filter { only?.contains(plan.steps[$0].id) ?? true } }) where !level.isEmpty {
            // Workers take the level's steps in order; at most `jobs` of them at once, and no more than
            // there are cores (steps spread over the cores themselves). Each on a thread of its own: in
            // a `concurrentPerform`, a step's own parallel loops would find the pool busy and run serially
            // (the demo's sweep took 7.4 s so, 4.0–4.4 s on a thread of its own).
            let next = Locked(0)
            let cores = Parallel.cores
            Parallel.onThreads(min(jobs ?? cores, cores, level.count)) { _ in
                while true {
                    let i = next.modify { position in
                        defer { position += 1 }
                        return position
                    }
                    guard i < level.count else { return }
                    let step = plan.steps[level[i]]
                    let key = keys[step.id]!
                    do {
                        let known = values.value
                        let inputs = try resolveInputs(step, values: known)
                        let repetitions = step.directive is any SeedRepeatingDirective
                            ? repetitions(of: step, in: plan, values: known, fileHashes: fileHashes, index: index) : nil
                        let itemKeyBase = keyMaker.itemKeyBase(for: step, inputKeys: keys, fileHashes: fileHashes)
                        let ((value, cached), seconds) = try Self.timed {
                            try shard(step, key: key, inputs: inputs, index: index, repetitions: repetitions, itemKeyBase: itemKeyBase)
                            return try compute(step, key: key, inputs: inputs, index: index, repetitions: repetitions, itemKeyBase: itemKeyBase)
                        }
                        values.update { $0[step.id] = value }
                        records.update {
                            $0[step.id] = StepRecord(id: step.id, directive: step.directive.name, key: key, cached: cached, seconds: seconds)
                        }
                        if step.directive.output != .none || !cached {
                            log("\(cached ? "cached  " : "computed") \(step.directive.name) #\(step.id)"
                                + (cached ? "" : String(format: " (%.2f s)", seconds)))
                        }
                    } catch let diagnostic as Diagnostic {
                        failures.update { $0.append(diagnostic) }
                    } catch {
                        failures.update { $0.append(diagnose(error, in: step)) }
                    }
                }
            }
            if !failures.value.isEmpty { throw DiagnosticList(failures.value.map(plan.template.withExcerpt)) }
        }

        if only != nil {
            return RunOutcome(values: values.value, keys: keys, inputFiles: inputFiles,
                              records: plan.steps.compactMap { records.value[$0.id] }, presentations: [:])
        }
        var presentations = [String: PresentedStep]()
        var finalRecords = records.value
        var problems = [Diagnostic]()
        for step in plan.steps {
            do {
                let inputs = try resolveInputs(step, values: values.value)
                let context = PresentContext(stepID: step.id, options: step.options, value: values.value[step.id] ?? .null, inputs: inputs)
                let presentation = try step.directive.present(context)
                let (block, figureCached) = try draw(presentation.block, step: step,
                                                     figureKey: keyMaker.figureKey(for: step, stepKey: keys[step.id]!))
                finalRecords[step.id]?.figureCached = figureCached
                presentations[step.id] = PresentedStep(block: block, files: presentation.files)
            } catch let diagnostic as Diagnostic {
                problems.append(diagnostic)
            } catch {
                problems.append(diagnose(error, in: step))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems.map(plan.template.withExcerpt)) }
        return RunOutcome(values: values.value, keys: keys, inputFiles: inputFiles,
                          records: plan.steps.compactMap { finalRecords[$0.id] }, presentations: presentations)
    }

    // MARK: Steps

    private func compute(_ step: PlannedStep, key: String, inputs: [String: Value], index: FileHashIndex,
                         repetitions: SeedRepetitions? = nil, itemKeyBase: String?) throws -> (Value, Bool) {
        if let files = cache?.files(for: key) {
            if let value = try? ValueArchive.value(from: files) { return (value, true) }
            log("warning: cache entry for #\(step.id) could not be decoded; recomputing")
        }
        let value = try step.directive.run(context(for: step, inputs: inputs, index: index, repetitions: repetitions, itemKeyBase: itemKeyBase))
        if let cache { cache.store(try ValueArchive.files(for: value), for: key) }
        return (value, false)
    }

    private func context(for step: PlannedStep, inputs: [String: Value], index: FileHashIndex, repetitions: SeedRepetitions?,
                         itemKeyBase: String?) -> RunContext {
        RunContext(stepID: step.id, options: step.options, inputs: inputs,
                   files: Dictionary(step.files.map { ($0.option, $0.url) }, uniquingKeysWith: { a, _ in a }),
                   folders: Dictionary(step.folders.map { ($0.option, $0.url) }, uniquingKeysWith: { a, _ in a }),
                   seed: step.seed,
                   workDirectory: cache.map { $0.directory.deletingLastPathComponent().appendingPathComponent("work") }
                      ?? FileManager.default.temporaryDirectory.appendingPathComponent("litmus-work"),
                   cache: cache, log: log, progress: progress, fileHashes: index, repetitions: repetitions, itemKeyBase: itemKeyBase)
    }

    // MARK: Shards

    /// With an executor, a sharded step not in the cache has its missing items computed there first;
    /// its `run` then finds them in the cache.
    private func shard(_ step: PlannedStep, key: String, inputs: [String: Value], index: FileHashIndex,
                       repetitions: SeedRepetitions?, itemKeyBase: String?) throws {
        guard let executor, let cache, let origin, let directive = step.directive as? any ShardedDirective,
              !cache.contains(key) else { return }
        let items = try directive.workItems(context(for: step, inputs: inputs, index: index, repetitions: repetitions, itemKeyBase: itemKeyBase))
        let pending = items.pending(in: cache)
        guard !pending.isEmpty else { return }
        try executor.compute(ShardWork(stepID: step.id, directive: step.directive.name, items: items, pending: pending, cache: cache,
                                       origin: origin, log: log, progress: progress))
    }

    /// A shard task's work: the items at `indices` of the sharded step `stepID`, computed into the cache.
    /// The step's inputs are the coordinating render's values, read from the cache under the keys this
    /// plan gives them (the render stored them before it handed the step out).
    public func computeShard(_ plan: Plan, stepID: String, indices: [Int]) throws(DiagnosticList) {
        guard let cache else { throw DiagnosticList([Diagnostic("a shard needs the cache folder; it is the only channel to the render")]) }
        guard let step = plan.steps.first(where: { $0.id == stepID }) else {
            throw DiagnosticList([Diagnostic("the template has no step `\(stepID)`; it changed since the shards were planned")])
        }
        guard let directive = step.directive as? any ShardedDirective else {
            throw DiagnosticList([Diagnostic("`\(step.directive.name)` #\(stepID) does not split into shards")])
        }
        let index = FileHashIndex(location: cache.directory.appendingPathComponent(FileHashIndex.fileName))
        defer { index.save() }
        let (_, fileHashes) = try hashFiles(plan, index: index)
        let keyMaker = StepKeys(registry: registry)
        let keys = keyMaker.keys(for: plan, fileHashes: fileHashes)
        let rerun = step.directive is any SeedRepeatingDirective ? plan.stepsRerun(by: stepID) : []
        // The step's own inputs (under this plan's keys), and what the steps it reruns read besides each other.
        let read = Set(step.references.map(\.stepID))
            .union(Set(plan.steps.filter { rerun.contains($0.id) }.flatMap { $0.references.map(\.stepID) }).subtracting(rerun))
        var values = [String: Value]()
        for id in read.sorted() {
            guard let files = cache.files(for: keys[id]!), let value = try? ValueArchive.value(from: files) else {
                throw DiagnosticList([Diagnostic("the result of #\(id) is not in the cache at \(cache.directory.path)",
                                                 hint: "the render stores it before handing out #\(stepID); the cache must be the same folder on every node")])
            }
            values[id] = value
        }
        do {
            let inputs = try resolveInputs(step, values: values)
            let repetitions = rerun.isEmpty ? nil : repetitions(of: step, in: plan, values: values, fileHashes: fileHashes, index: index)
            try directive.computeItems(indices, context(for: step, inputs: inputs, index: index, repetitions: repetitions,
                                                        itemKeyBase: keyMaker.itemKeyBase(for: step, inputKeys: keys, fileHashes: fileHashes)))
        } catch let diagnostic as Diagnostic {
            throw DiagnosticList([plan.template.withExcerpt(diagnostic)])
        } catch {
            throw DiagnosticList([plan.template.withExcerpt(diagnose(error, in: step))])
        }
    }

    // MARK: Repetitions over seeds

    /// The inputs of `step` (a `SeedRepeatingDirective`) under other template seeds. For seed s, the steps
    /// `step` reads that depend on the seed are computed in dependency order from the plan reseeded with
    /// s, each under the key a render with `seed: s` gives it (so a cached one is read back, and one
    /// computed here serves that render too); the others keep this render's values. Seeds run a few at
    /// once, each on a thread of its own; each step's bits do not depend on what runs beside it.
    private func repetitions(of step: PlannedStep, in plan: Plan, values: [String: Value], fileHashes: [String: String],
                             index: FileHashIndex) -> SeedRepetitions {
        let rerun = plan.stepsRerun(by: step.id)
        let order = plan.levels.flatMap { $0 }.filter { rerun.contains(plan.steps[$0].id) }
        let reportSeed = plan.template.frontMatter.seed
        let cores = Parallel.cores
        let workers = min(jobs ?? cores, cores)
        let rerunKeys: @Sendable (Int) -> [String] = { seed in
            let keys = StepKeys(registry: registry).keys(for: plan.reseeded(seed), fileHashes: fileHashes)
            return order.map { keys[plan.steps[$0].id]! }
        }
        return SeedRepetitions(reportSeed: reportSeed, compute: { seeds in
            let outcomes = Parallel.mapOnThreads(seeds.count, workers: workers) { i -> Result<[String: Value], any Error> in
                let seed = seeds[i]
                // The report's own seed: this render's values are that render's.
                if seed == reportSeed { return Result { try resolveInputs(step, values: values) } }
                let reseeded = plan.reseeded(seed)
                let keyMaker = StepKeys(registry: registry)
                let keys = keyMaker.keys(for: reseeded, fileHashes: fileHashes)
                var current = values
                for position in order {
                    let repeated = reseeded.steps[position]
                    do {
                        let inputs = try resolveInputs(repeated, values: current)
                        let itemKeyBase = keyMaker.itemKeyBase(for: repeated, inputKeys: keys, fileHashes: fileHashes)
                        let ((value, cached), seconds) = try Self.timed {
                            try compute(repeated, key: keys[repeated.id]!, inputs: inputs, index: index, itemKeyBase: itemKeyBase)
                        }
                        current[repeated.id] = value
                        if !cached {
                            log("computed \(repeated.directive.name) #\(repeated.id) for seed \(seed)" + String(format: " (%.2f s)", seconds))
                        }
                    } catch {
                        let diagnostic = error as? Diagnostic ?? diagnose(error, in: repeated)
                        return .failure(Diagnostic("with seed \(seed): " + diagnostic.message, at: diagnostic.location, hint: diagnostic.hint))
                    }
                }
                return Result { try resolveInputs(step, values: current) }
            }
            return try outcomes.map { try $0.get() }
        }, keys: rerunKeys)
    }

    /// `body`'s result and the seconds it took.
    private static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now()
        let result = try body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }

    private func draw(_ block: Presentation.Block?, step: PlannedStep, figureKey: String) throws -> (PresentedStep.Block?, Bool?) {
        switch block {
        case nil: return (nil, nil)
        case .markdown(let text): return (.markdown(text), nil)
        case .table(let table, let digits): return (.table(table, digits: digits), nil)
        case .figure(let dpi, let draw): return try cachedFigure(figureKey, dpi: dpi, draw: draw)
        }
    }

    /// A drawn figure from the cache, or drawn now and stored. Keyed by the step's key and drawing options.
    private func cachedFigure(_ key: String, dpi: Double, draw: () throws -> DrawnFigure) throws -> (PresentedStep.Block?, Bool?) {
        if let files = cache?.files(for: key), let png = files["figure.png"], let svg = files["figure.svg"],
           let size = files["size.txt"].flatMap({ String(data: $0, encoding: .utf8) })?.split(separator: "x").compactMap({ Int($0) }),
           size.count == 2 {
            return (.figure(DrawnFigure(png: [UInt8](png), svg: [UInt8](svg), pixelWidth: size[0], pixelHeight: size[1]), dpi: dpi), true)
        }
        let rendered = try draw()
        cache?.store(["figure.png": Data(rendered.png), "figure.svg": Data(rendered.svg),
                      "size.txt": Data("\(rendered.pixelWidth)x\(rendered.pixelHeight)".utf8)], for: key)
        return (.figure(rendered, dpi: dpi), false)
    }

    /// The values of a step's references, following their field paths and checking their kinds.
    private func resolveInputs(_ step: PlannedStep, values: [String: Value]) throws -> [String: Value] {
        var inputs = [String: Value]()
        for reference in step.references {
            guard var value = values[reference.stepID] else {
                throw Diagnostic("`\(reference.stepID)` has no result", at: reference.location)
            }
            var walked = reference.stepID
            for field in reference.path {
                do {
                    if let index = InputReference.index(field) { value = try value.element(.int(index)) } else { value = try value.member(field) }
                } catch {
                    throw Diagnostic(error.message(on: walked), at: reference.location, hint: error.hint(for: field))
                }
                walked += field.hasPrefix("[") ? field : ".\(field)"
            }
            let kind = value.kind, primaryKind = value.resolvingPrimary.kind
            guard reference.accepts.contains(kind) || reference.accepts.contains(primaryKind) else {
                throw Diagnostic("`\(reference.option)` needs " + reference.accepts.map(\.article).joined(separator: " or ")
                                 + ", but `\(reference.text)` is \(kind.article)", at: reference.location,
                                 hint: fieldHint(value, accepts: reference.accepts, text: reference.text))
            }
            inputs[reference.option] = value
        }
        return inputs
    }

    private func fieldHint(_ value: Value, accepts: [ValueKind], text: String) -> String? {
        guard case .record(let r) = value else { return nil }
        let fitting = r.fields.filter { accepts.contains($0.value.kind) }.map { "`\(text).\($0.name)`" }
        return fitting.isEmpty ? nil : "try " + fitting.joined(separator: " or ")
    }

    private func hashFiles(_ plan: Plan, index: FileHashIndex) throws(DiagnosticList) -> ([(path: String, hash: String)], [String: String]) {
        var hashes = [String: String]()
        var listed = [(path: String, hash: String)]()
        var problems = [Diagnostic]()
        for file in plan.steps.flatMap(\.files) where hashes[file.url.path] == nil {
            do {
                let hash = try index.hash(of: file.url)
                hashes[file.url.path] = hash
                listed.append((file.url.path, hash))
            } catch {
                problems.append(Diagnostic("cannot read `\(file.path)`: \(error.localizedDescription)", at: file.location))
            }
        }
        for folder in plan.steps.flatMap(\.folders) where hashes[folder.url.path] == nil {
            do {
                let hash = try ContentHash.ofFolder(folder.url, index: index)
                hashes[folder.url.path] = hash
                listed.append((folder.url.path + "/", hash))
            } catch {
                problems.append(Diagnostic("cannot read the folder `\(folder.path)`: \(error.localizedDescription)", at: folder.location))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems.map(plan.template.withExcerpt)) }
        return (listed.sorted { $0.path < $1.path }, hashes)
    }

    /// A directive's error as a diagnostic pointing at the option it is about, or at the block.
    private func diagnose(_ error: any Error, in step: PlannedStep) -> Diagnostic {
        let header = "\(step.directive.name) #\(step.id): "
        if let directiveError = error as? DirectiveError {
            let location = directiveError.option.flatMap { step.block.option($0)?.value.location } ?? step.block.location
            return Diagnostic(header + directiveError.description, at: location)
        }
        return Diagnostic(header + String(describing: error), at: step.block.location)
    }
}

/// A value shared between threads, guarded by a lock.
final class Locked<T>: @unchecked Sendable {
    private var stored: T
    private let lock = NSLock()

    init(_ value: T) { stored = value }

    var value: T { lock.lock(); defer { lock.unlock() }; return stored }

    func update(_ change: (inout T) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        change(&stored)
    }

    func modify<R>(_ change: (inout T) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return change(&stored)
    }
}
