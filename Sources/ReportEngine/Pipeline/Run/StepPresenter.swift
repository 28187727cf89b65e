import Foundation
import Plotting

/// Turns every step's value into what the document shows, in document order; a figure is drawn only when
/// its drawing is not in the cache (keyed by the step's key and the options that change pixels).
struct StepPresenter {
    let registry: DirectiveRegistry
    let cache: ResultCache?

    /// Per step its presentation; `records` learn whether each figure came from the cache.
    func present(
        _ plan: Plan, values: [String: Value], keys: PlanKeys,
        records: inout [String: StepRecord]
    ) throws(DiagnosticList) -> [String: PresentedStep] {
        let keyMaker = StepKeys(registry: registry)
        var presentations = [String: PresentedStep]()
        var problems = [Diagnostic]()
        for step in plan.steps {
            do {
                let inputs = try InputResolver.inputs(of: step, values: values)
                let context = PresentContext(stepID: step.id, options: step.options, value: values[step.id] ?? .null, inputs: inputs)
                let presentation = try step.directive.present(context)
                let (block, figureCached) = try draw(presentation.block, figureKey: keyMaker.figureKey(for: step, stepKey: keys[step.id]))
                records[step.id]?.figureCached = figureCached
                presentations[step.id] = PresentedStep(block: block, files: presentation.files)
            } catch {
                problems.append(step.diagnose(error))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems.map(plan.template.withExcerpt)) }
        return presentations
    }

    private func draw(_ block: Presentation.Block?, figureKey: String) throws -> (PresentedStep.Block?, Bool?) {
        switch block {
        case nil: return (nil, nil)
        case .markdown(let text): return (.markdown(text), nil)
        case .table(let table, let digits): return (.table(table, digits: digits), nil)
        case .figure(let dpi, let draw): return try cachedFigure(figureKey, dpi: dpi, draw: draw)
        }
    }

    /// A drawn figure from the cache, or drawn now and stored.
    private func cachedFigure(_ key: String, dpi: Double, draw: () throws -> RenderedFigure) throws -> (PresentedStep.Block?, Bool?) {
        if let files = cache?.files(for: key), let png = files["figure.png"], let svg = files["figure.svg"],
            let size = files["size.txt"].flatMap({ String(data: $0, encoding: .utf8) })?.split(separator: "x").compactMap({ Int($0) }),
            size.count == 2
        {
            return (.figure(RenderedFigure(png: [UInt8](png), svg: [UInt8](svg), pixelWidth: size[0], pixelHeight: size[1]), dpi: dpi), true)
        }
        let rendered = try draw()
        cache?.store(
            [
                "figure.png": Data(rendered.png), "figure.svg": Data(rendered.svg),
                "size.txt": Data("\(rendered.pixelWidth)x\(rendered.pixelHeight)".utf8),
            ], for: key)
        return (.figure(rendered, dpi: dpi), false)
    }
}
