import ArgumentParser
import DirectiveLibrary
import Foundation
import ReportEngine

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a template (directives, options, ids, files, expressions) without running anything.")

    @OptionGroup var input: TemplateInput

    func run() throws {
        do {
            let plan = try Renderer(
                cacheDirectory: nil, allowedReadRoots: input.allowedReadRoots, executor: ExecutorChoice(registry: executorRegistry)
            ).check(
                input.template, overrides: try input.overrides())
            for warning in plan.warnings { Console.error(warning.description) }
            let warnings = plan.warnings.count
            Console.error(
                "\(input.template): ok — \(plan.steps.count) step(s)" + (warnings == 0 ? "" : ", \(warnings) warning\(warnings == 1 ? "" : "s")"))
        } catch let error as DiagnosticList {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
