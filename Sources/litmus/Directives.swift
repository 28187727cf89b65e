import ArgumentParser
import DirectiveLibrary
import ReportEngine

struct Directives: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every directive with its options and their docs.")

    @Argument(help: "Show only this directive.")
    var name: String?

    func run() throws {
        let registry = DirectiveRegistry.standard
        if let name, registry.directive(named: name) == nil {
            Console.error("error: unknown directive `\(name)`; directives: \(registry.names.joined(separator: ", "))")
            throw ExitCode(1)
        }
        print(DirectiveReference(registry: registry).markdown(only: name), terminator: "")
    }
}
