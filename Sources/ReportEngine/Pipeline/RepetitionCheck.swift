/// Checks the steps that rerun others over seeds (`stability`): what they read must depend on the
/// template's seed, and what they rerun may not rerun anything itself.
struct RepetitionCheck {
    let plan: Plan

    func check(errors: inout [Diagnostic], warnings: inout [Diagnostic]) {
        let repeating = plan.steps.compactMap { step in (step.directive as? any SeedRepeatingDirective).map { (step, $0) } }
        guard !repeating.isEmpty else { return }
        let dependent = plan.seedDependentSteps
        let repeatingIDs = Set(repeating.map(\.0.id))
        for (step, directive) in repeating {
            let mustVary = Set(directive.mustVaryWithSeed)
            for reference in step.references where !dependent.contains(reference.stepID) {
                let option = String(reference.option.prefix { $0 != "[" })
                if mustVary.contains(option) {
                    errors.append(
                        Diagnostic(
                            "`\(option)`: `\(reference.text)` is the same in every seed, so it is no clustering a random step made",
                            at: reference.location,
                            hint: "name the result of a clustering after a random step, such as `optics` on a `umap` embedding"))
                } else {
                    warnings.append(
                        .warning(
                            "`\(reference.text)` is the same in every seed: no step before it uses the seed",
                            at: reference.location,
                            hint: "`\(step.directive.name)` reruns the random steps (umap, kmeans, agreement_sweep) and what reads them"))
                }
            }
            for other in plan.stepsRerun(by: step.id).intersection(repeatingIDs).sorted() {
                errors.append(
                    Diagnostic(
                        "`\(step.id)` would rerun `\(other)`, which reruns steps over seeds itself",
                        at: step.block.location, hint: "read the values `\(other)` reads instead"))
            }
        }
    }
}
