import ArgumentParser
import DirectiveLibrary
import Foundation
import ReportEngine

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a template, then render it again whenever it or one of its inputs changes.",
        discussion: """
            Changes are looked for twice a second and a render starts once nothing has changed for \
            \(Int(Self.quietPeriod * 1000)) ms. Each render prints the steps that ran and their times; only steps whose \
            inputs changed are computed, the rest comes from the cache. A failing render prints its errors \
            (file:line:col) and leaves the last good report in place. Stop with Ctrl-C.
            """)

    @OptionGroup var input: TemplateInput
    @OptionGroup var output: ReportOutput
    @OptionGroup(title: "Executor") var executor: ExecutorOptions

    @Flag(name: .long, help: "Also serve the report at http://127.0.0.1:PORT/ and reload it in the browser after each render.")
    var serve = false

    @Option(name: .long, help: "The port for --serve.")
    var port: UInt16 = 8000

    /// How long the inputs must stay unchanged before a render starts (editors save in several writes).
    static let quietPeriod = 0.3

    func run() throws {
        let running = RunningExecutors()
        let interrupts = InterruptHandler(message: "stopped watching; the last good report is in place", status: 0, beforeExit: running.cancelAll)
        defer { withExtendedLifetime(interrupts) {} }
        let overrides = try input.overrides()
        let display = ProgressDisplay()
        let renderer = Renderer(
            cacheDirectory: URL(fileURLWithPath: output.cache), log: { _ in }, progress: { display.show($0) },
            allowedReadRoots: input.allowedReadRoots, executor: try executor.choice(running: running))
        var watched = InputFingerprint.paths(template: input.template, plan: try? renderer.check(input.template, overrides: overrides))
        var seen = InputFingerprint(files: watched.files, folders: watched.folders)
        let destination = output.destination ?? Renderer.defaultOutput(for: input.template)
        let server = serve ? ReportServer(page: destination.appendingPathComponent("index.html"), port: port) : nil
        let serving = try server.map { server in
            let task = try server.start()
            Console.error("serving the report at http://127.0.0.1:\(port)/ (reloads after each render)")
            return task
        }
        defer { serving?.cancel() }
        renderOnce(renderer, overrides: overrides, server: server)
        while true {
            Thread.sleep(forTimeInterval: 0.5)
            var now = InputFingerprint(files: watched.files, folders: watched.folders)
            guard now != seen else { continue }
            // Wait for the writes to settle.
            while true {
                Thread.sleep(forTimeInterval: Self.quietPeriod)
                let settled = InputFingerprint(files: watched.files, folders: watched.folders)
                if settled == now { break }
                now = settled
            }
            Console.error("\n\(Self.timestamp()) change detected; rendering")
            renderOnce(renderer, overrides: overrides, server: server)
            // The template may now read other files.
            watched = InputFingerprint.paths(template: input.template, plan: try? renderer.check(input.template, overrides: overrides))
            seen = InputFingerprint(files: watched.files, folders: watched.folders)
        }
    }

    private func renderOnce(_ renderer: Renderer, overrides: [(String, String)], server: ReportServer?) {
        do {
            let summary = try renderer.render(input.template, to: output.destination, overrides: overrides)
            server?.rendered(error: nil)
            let ran = summary.records.filter { !$0.cached }
            for record in ran { Console.error(String(format: "  ran %@ #%@ (%.2f s)", record.directive, record.id, record.seconds)) }
            Console.error(
                String(
                    format: "%@ wrote %@ — %d step(s) computed, %d from cache, %.2f s; watching for changes",
                    Self.timestamp(), summary.destination.path, ran.count, summary.cachedCount, summary.seconds))
        } catch {
            Console.error(error.description)
            server?.rendered(error: error.description)
            Console.error("\(Self.timestamp()) render failed; the last good report is unchanged; watching for changes")
        }
    }

    private static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return "[" + formatter.string(from: Date()) + "]"
    }
}
