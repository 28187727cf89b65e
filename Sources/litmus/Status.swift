import ArgumentParser
import DirectiveLibrary
import Foundation
import ReportEngine

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say, per step, whether a render would take it from the cache or compute it, and why; runs nothing.",
        discussion:
            "Reasons name the part of the step's key that changed since the last render with this cache: an option (`xi` 0.05 → 0.1), files added to an input folder, an upstream step that is stale, a directive's version."
    )

    @OptionGroup var input: TemplateInput

    @Option(name: .long, help: "Cache folder.")
    var cache: String = ".litmus/cache"

    func run() throws {
        do {
            let report = try Renderer(cacheDirectory: URL(fileURLWithPath: cache), allowedReadRoots: input.allowedReadRoots)
                .status(input.template, overrides: try input.overrides())
            print(report.text)
        } catch let error as DiagnosticList {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
