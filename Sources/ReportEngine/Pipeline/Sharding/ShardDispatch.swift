/// With an executor, a sharded step not in the cache has its missing items computed there first; the
/// step's `run` then finds them in the cache and only gathers them.
struct ShardDispatch: Sendable {
    let executor: (any ShardExecutor)?
    /// How the plan was made, for shard tasks that plan the template again.
    let origin: PlanOrigin?
    let evaluator: StepEvaluator

    func computeMissingItems(
        of step: PlannedStep, key: String, itemKeyBase: String?, inputKeys: [String: String], inputs: [String: Value],
        repetitions: SeedRepetitions?
    ) throws {
        guard let executor, let cache = evaluator.cache, let origin, let directive = step.directive as? any ShardedDirective,
            !cache.contains(key)
        else { return }
        let items = try directive.workItems(
            evaluator.context(for: step, itemKeyBase: itemKeyBase, inputKeys: inputKeys, inputs: inputs, repetitions: repetitions))
        let pending = items.pending(in: cache)
        guard !pending.isEmpty else { return }
        try executor.compute(
            ShardWork(
                stepID: step.id, directive: step.directive.name, items: items, pending: pending, cache: cache,
                origin: origin, log: evaluator.log, progress: evaluator.progress))
    }
}
