import Foundation
import Synchronization

/// Runs a plan: hashes its input files, makes its keys (`StepKeys`), takes every step's value from the
/// cache or computes it (`StepEvaluator`; independent steps at once, `LevelScheduler`), with sharded
/// items handed to an executor first (`ShardDispatch`) and seed reruns for `stability` (`SeedReruns`),
/// then presents every step in document order (`StepPresenter`).
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

    public init(
        registry: DirectiveRegistry, cache: ResultCache?, log: @escaping @Sendable (String) -> Void = { _ in },
        progress: @escaping @Sendable (StepProgress) -> Void = { _ in }, jobs: Int? = nil,
        executor: (any ShardExecutor)? = nil, origin: PlanOrigin? = nil
    ) {
        (self.registry, self.cache, self.log, self.progress, self.jobs) = (registry, cache, log, progress, jobs.map { max(1, $0) })
        (self.executor, self.origin) = (executor, origin)
    }

    /// Computes the plan's steps (only those in `only` when given) and, for a whole run, presents
    /// every step; a partial run presents nothing.
    public func run(_ plan: Plan, only: Set<String>? = nil) throws(DiagnosticList) -> RunOutcome {
        let index = FileHashIndex(location: cache.map { $0.directory.appendingPathComponent(FileHashIndex.fileName) })
        defer { index.save() }
        var phases = RenderPhases()
        let (files, keys) = try phases.time(RenderPhases.Name.hashing) { () throws(DiagnosticList) in
            let files = try InputFileHashes(plan, index: index)
            return (files, StepKeys(registry: registry).keys(for: plan, fileHashes: files.byPath))
        }
        let evaluator = StepEvaluator(cache: cache, fileIndex: index, log: log, progress: progress)
        let (shards, reruns) = (
            ShardDispatch(executor: executor, origin: origin, evaluator: evaluator),
            SeedReruns(registry: registry, evaluator: evaluator, jobs: jobs)
        )
        let state = RunState()
        let levels = plan.levels.map { $0.filter { only?.contains(plan.steps[$0].id) ?? true } }
        let stepsStarted = DispatchTime.now()
        let failures = LevelScheduler(jobs: jobs).run(levels) { [log] position in
            let step = plan.steps[position]
            let (key, base) = (keys[step.id], keys.itemKeyBase(of: step.id))
            do {
                let known = state.values.withLock { $0 }
                let inputs = try InputResolver.inputs(of: step, values: known)
                let repetitions =
                    step.directive is any SeedRepeatingDirective
                    ? reruns.repetitions(of: step, in: plan, values: known, fileHashes: files.byPath) : nil
                let began = RenderPhases.seconds(since: stepsStarted)
                let ((value, cached), seconds) = try StepEvaluator.timed {
                    try shards.computeMissingItems(
                        of: step, key: key, itemKeyBase: base, inputKeys: keys.inputKeys(of: step.id), inputs: inputs, repetitions: repetitions)
                    return try evaluator.value(
                        of: step, key: key, itemKeyBase: base, inputKeys: keys.inputKeys(of: step.id), inputs: inputs, repetitions: repetitions)
                }
                state.values.withLock { $0[step.id] = value }
                state.intervals.withLock { $0.append((began, began + seconds)) }
                state.records.withLock {
                    $0[step.id] = StepRecord(id: step.id, directive: step.directive.name, key: key, cached: cached, seconds: seconds)
                }
                if step.directive.output != .none || !cached {
                    log(
                        "\(cached ? "cached  " : "computed") \(step.directive.name) #\(step.id)"
                            + (cached ? "" : String(format: " (%.2f s)", seconds)))
                }
                return nil
            } catch {
                return step.diagnose(error)
            }
        }
        let stepsWall = RenderPhases.seconds(since: stepsStarted)
        let busy = RenderPhases.busySeconds(state.intervals.withLock { $0 })
        phases.add(RenderPhases.Name.steps, seconds: busy)
        phases.add(RenderPhases.Name.waiting, seconds: max(0, stepsWall - busy))
        if !failures.isEmpty { throw DiagnosticList(failures.map(plan.template.withExcerpt)) }
        let values = state.values.withLock { $0 }
        var records = state.records.withLock { $0 }
        let presentations = try phases.time(RenderPhases.Name.presenting) { () throws(DiagnosticList) in
            only != nil ? [:] : try StepPresenter(registry: registry, cache: cache).present(plan, values: values, keys: keys, records: &records)
        }
        return RunOutcome(
            values: values, keys: keys.steps, keyParts: keys.parts, inputFiles: files.listed, inputFolderFiles: files.folderFiles,
            records: plan.steps.compactMap { records[$0.id] }, presentations: presentations, phases: phases)
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
        let files = try InputFileHashes(plan, index: index)
        let keys = StepKeys(registry: registry).keys(for: plan, fileHashes: files.byPath)
        let evaluator = StepEvaluator(cache: cache, fileIndex: index, log: log, progress: progress)
        let rerun = step.directive is any SeedRepeatingDirective ? plan.stepsRerun(by: stepID) : []
        // The step's own inputs (under this plan's keys), and what the steps it reruns read besides each other.
        let read = Set(step.references.map(\.stepID))
            .union(Set(plan.steps.filter { rerun.contains($0.id) }.flatMap { $0.references.map(\.stepID) }).subtracting(rerun))
        var values = [String: Value]()
        for id in read.sorted() {
            guard let stored = cache.files(for: keys[id]), let value = try? ValueArchive.value(from: stored) else {
                throw DiagnosticList([
                    Diagnostic(
                        "the result of #\(id) is not in the cache at \(cache.directory.path)",
                        hint: "the render stores it before handing out #\(stepID); the cache must be the same folder on every node")
                ])
            }
            values[id] = value
        }
        do {
            let inputs = try InputResolver.inputs(of: step, values: values)
            let repetitions =
                rerun.isEmpty
                ? nil
                : SeedReruns(registry: registry, evaluator: evaluator, jobs: jobs).repetitions(
                    of: step, in: plan, values: values, fileHashes: files.byPath)
            try directive.computeItems(
                indices,
                evaluator.context(
                    for: step, itemKeyBase: keys.itemKeyBase(of: stepID), inputKeys: keys.inputKeys(of: stepID), inputs: inputs,
                    repetitions: repetitions))
        } catch {
            throw DiagnosticList([plan.template.withExcerpt(step.diagnose(error))])
        }
    }
}

/// What the steps of a run have produced so far, shared by the workers.
private final class RunState: Sendable {
    let values = Mutex([String: Value]())
    let records = Mutex([String: StepRecord]())
    /// Each step's (start, end) in seconds from the start of the steps phase.
    let intervals = Mutex([(start: Double, end: Double)]())
}
