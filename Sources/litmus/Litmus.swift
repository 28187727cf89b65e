import ArgumentParser

@main
struct Litmus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "litmus",
        abstract: "Render Markdown templates with analysis directives into reproducible validation reports.",
        version: "0.1.0",
        subcommands: [Render.self, Check.self, Directives.self, PhantomsCommand.self])
}
