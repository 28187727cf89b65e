import ArgumentParser
import Foundation

/// The template and what the user says about its inputs: shared by `render`, `watch` and `check`.
struct TemplateInput: ParsableArguments {
    @Argument(help: "The template (.md).")
    var template: String

    @Option(name: .long, parsing: .singleValue, help: "Override a parameter of the front matter: --param name=value.")
    var param: [String] = []

    @Option(name: .long, parsing: .singleValue, help: "A folder outside the template's own that its inputs may come from (repeatable).")
    var allowRead: [String] = []

    func overrides() throws -> [(String, String)] { try ParamArguments.parse(param) }

    var allowedReadRoots: [URL] { allowRead.map { URL(fileURLWithPath: $0) } }
}

/// Where the report and the cache go: shared by `render` and `watch`.
struct ReportOutput: ParsableArguments {
    @Option(name: .long, help: "Report folder (default: reports/<template name>/).")
    var out: String?

    @Option(name: .long, help: "Cache folder.")
    var cache: String = ".litmus/cache"

    var destination: URL? { out.map { URL(fileURLWithPath: $0) } }
}

/// `@Option` is swift-argument-parser's here, not a directive's option key (`ReportEngine.Option`).
typealias Option<Value> = ArgumentParser.Option<Value>
