import ArgumentParser
import Foundation

@main
struct Litmus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "litmus",
        abstract: "Render Markdown templates with analysis directives into reproducible validation reports.",
        discussion:
            "Exit codes: 0 success, 1 a template or render error (reported as file:line:col), 64 a command-line usage error, 130 interrupted (Ctrl-C; finished results stay cached, the previous report unchanged).",
        version: "0.1.0",
        subcommands: [Render.self, Watch.self, Check.self, Status.self, Inspect.self, Directives.self, PhantomsCommand.self, Doctor.self, Shard.self])

    static func main() {
        OpenBLASRestart.ifFallenBack()
        main(nil)
    }
}
