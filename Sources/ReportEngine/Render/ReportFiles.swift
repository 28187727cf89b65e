import Foundation

/// Every file of a report, by relative path: README.md, index.html, figures, data, manifest and run log.
struct ReportFiles {
    let plan: Plan
    let outcome: RunOutcome
    let templateHash: String
    let environment: NumericEnvironment
    /// The input folders' files added, changed and removed since the last render with this cache (nil:
    /// no earlier render recorded).
    var folderChanges: [FolderChange]? = nil
    /// The render's phases so far; assembling these files is added to them in run.json.
    var phases = RenderPhases()

    func files() throws(DiagnosticList) -> [String: Data] {
        let started = DispatchTime.now()
        var files = [String: Data]()
        var figurePaths = [String: String]()
        for step in plan.steps {
            guard let presented = outcome.presentations[step.id] else { continue }
            if step.isShown, case .figure(let figure, _) = presented.block {
                let base = "figures/fig-\(step.id)"
                files["\(base).png"] = Data(figure.png)
                files["\(base).svg"] = Data(figure.svg)
                figurePaths[step.id] = "\(base).png"
            }
            for file in presented.files {
                let path = "data/\(file.name)"
                guard files[path] == nil else {
                    throw DiagnosticList([
                        plan.template.withExcerpt(
                            Diagnostic(
                                "`\(path)` is written by two export blocks", at: step.block.location, hint: "give each export its own path"))
                    ])
                }
                files[path] = Data(file.bytes)
            }
        }
        let numbering = Numbering(plan: plan, outcome: outcome)
        let assembler = DocumentAssembler(plan: plan, outcome: outcome, numbering: numbering, figurePaths: figurePaths)
        let readme = try assembler.markdown(for: .github)
        let htmlMarkdown = try assembler.markdown(for: .html)
        let title = plan.template.frontMatter.title.map { "# \(MarkdownText.escape($0))\n\n" } ?? ""
        files["README.md"] = Data((title + readme).utf8)
        let fallback = URL(fileURLWithPath: plan.template.path).deletingPathExtension().lastPathComponent
        do {
            files["index.html"] = Data(
                try HTMLPage(frontMatter: plan.template.frontMatter, fallbackTitle: fallback)
                    .render(markdown: htmlMarkdown).utf8)
        } catch {
            throw DiagnosticList([Diagnostic("cannot lay out the HTML page: \(error)")])
        }
        let outputs = files.mapValues { ContentHash.of($0) }
        files["manifest.json"] =
            Manifest(
                plan: plan, outcome: outcome, templateHash: templateHash, outputs: outputs,
                numbering: numbering, environment: environment
            ).json
        var phases = phases
        phases.add(RenderPhases.Name.assembling, seconds: RenderPhases.seconds(since: started))
        files["run.json"] = RunLog(records: outcome.records, folderChanges: folderChanges, phases: phases).json
        return files
    }
}
