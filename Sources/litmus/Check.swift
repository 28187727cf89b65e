import ArgumentParser
import Foundation
import ReportEngine

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a template (directives, options, ids, files, expressions) without running anything.")

    @Argument(help: "The template (.md).")
    var template: String

    @Option(name: .long, parsing: .singleValue, help: "Override a parameter of the front matter: --param name=value.")
    var param: [String] = []

    @Option(name: .long, parsing: .singleValue, help: "A folder outside the template's own that its inputs may come from (repeatable).")
    var allowRead: [String] = []

    func run() throws {
        do {
            let plan = try Renderer(cacheDirectory: nil, allowedReadRoots: allowRead.map { URL(fileURLWithPath: $0) }).check(template, overrides: try ParamArguments.parse(param))
            Console.error("\(template): ok — \(plan.steps.count) step(s)")
        } catch let error as DiagnosticList {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
