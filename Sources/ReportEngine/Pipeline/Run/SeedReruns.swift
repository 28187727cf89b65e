import Foundation
import LinearAlgebra

/// The inputs of a `SeedRepeatingDirective` step under other template seeds. For seed s, the steps it
/// reads that depend on the seed are computed in dependency order from the plan reseeded with s, each
/// under the key a render with `seed: s` gives it (so a cached one is read back, and one computed here
/// serves that render too); the others keep this render's values. Seeds run a few at once, each on a
/// thread of its own; each step's bits do not depend on what runs beside it.
struct SeedReruns: Sendable {
    let registry: DirectiveRegistry
    let evaluator: StepEvaluator
    /// Seeds at once at most (nil: one per core).
    let jobs: Int?

    func repetitions(of step: PlannedStep, in plan: Plan, values: [String: Value], fileHashes: [String: String]) -> SeedRepetitions {
        let rerun = plan.stepsRerun(by: step.id)
        let order = plan.levels.flatMap { $0 }.filter { rerun.contains(plan.steps[$0].id) }
        let reportSeed = plan.template.frontMatter.seed
        let workers = min(jobs ?? Parallel.cores, Parallel.cores)
        let (registry, evaluator) = (registry, evaluator)
        let rerunKeys: @Sendable (Int) -> [String] = { seed in
            let keys = StepKeys(registry: registry).keys(for: plan.reseeded(seed), fileHashes: fileHashes)
            return order.map { keys[plan.steps[$0].id] }
        }
        return SeedRepetitions(
            reportSeed: reportSeed,
            compute: { seeds in
                let outcomes = Parallel.mapOnThreads(seeds.count, workers: workers) { i -> Result<[String: Value], any Error> in
                    let seed = seeds[i]
                    // The report's own seed: this render's values are that render's.
                    if seed == reportSeed { return Result { try InputResolver.inputs(of: step, values: values) } }
                    let reseeded = plan.reseeded(seed)
                    let keys = StepKeys(registry: registry).keys(for: reseeded, fileHashes: fileHashes)
                    var current = values
                    for position in order {
                        let repeated = reseeded.steps[position]
                        do {
                            let inputs = try InputResolver.inputs(of: repeated, values: current)
                            let ((value, cached), seconds) = try StepEvaluator.timed {
                                try evaluator.value(
                                    of: repeated, key: keys[repeated.id], itemKeyBase: keys.itemKeyBase(of: repeated.id),
                                    inputKeys: keys.inputKeys(of: repeated.id), inputs: inputs)
                            }
                            current[repeated.id] = value
                            if !cached {
                                evaluator.log(
                                    "computed \(repeated.directive.name) #\(repeated.id) for seed \(seed)" + String(format: " (%.2f s)", seconds))
                            }
                        } catch {
                            let diagnostic = repeated.diagnose(error)
                            return .failure(Diagnostic("with seed \(seed): " + diagnostic.message, at: diagnostic.location, hint: diagnostic.hint))
                        }
                    }
                    return Result { try InputResolver.inputs(of: step, values: current) }
                }
                return try outcomes.map { try $0.get() }
            }, keys: rerunKeys)
    }
}
