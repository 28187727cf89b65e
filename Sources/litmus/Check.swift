import ArgumentParser
import ReportEngine

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a template (directives, options, ids, files, expressions) without running anything.")

    @Argument(help: "The template (.md).")
    var template: String

    @Option(name: .long, parsing: .singleValue, help: "Override a parameter of the front matter: --param name=value.")
    var param: [String] = []

    func run() throws {
        do {
            let plan = try Renderer(cacheDirectory: nil).check(template, overrides: try ParamArguments.parse(param))
            Console.error("\(template): ok — \(plan.steps.count) step(s)")
        } catch let error as DiagnosticList {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
