import ArgumentParser
import DirectiveLibrary
import Foundation
import ReportEngine

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a template's analyses and write the report (README.md, index.html, figures, data, manifest).")

    @OptionGroup var input: TemplateInput
    @OptionGroup var output: ReportOutput
    @OptionGroup(title: "Executor") var executor: ExecutorOptions

    @Flag(name: .long, help: "Compute everything; neither read nor write the cache.")
    var noCache = false

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print every step's cache key, time and figure cache use at the end.")
    var verbose = false

    @Option(name: .long, help: "Compute at most this many independent steps at once (default: all that are ready).")
    var jobs: Int?

    @Option(name: .long, help: "Compute only this step and the steps it needs (cache included); the report is not written.")
    var only: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
        if noCache && executor.leavesTheProcess {
            throw ValidationError(
                "--executor \(executor.executor ?? "") needs the cache: the shard tasks hand their results over through it (drop --no-cache)")
        }
    }

    func run() throws {
        let quiet = quiet
        let running = RunningExecutors()
        let interrupts = InterruptHandler(beforeExit: running.cancelAll)
        defer { withExtendedLifetime(interrupts) {} }
        let display = ProgressDisplay()
        let renderer = Renderer(
            cacheDirectory: noCache ? nil : URL(fileURLWithPath: output.cache),
            log: { line in if !quiet { display.log(line) } },
            progress: { progress in if !quiet { display.show(progress) } }, jobs: jobs,
            allowedReadRoots: input.allowedReadRoots, executor: noCache ? nil : try executor.choice(running: running))
        do {
            if let only {
                let records = try renderer.compute(input.template, only: only, overrides: try input.overrides())
                if !quiet {
                    Console.error(
                        "computed #\(only) and \(records.count - 1) step(s) it needs — \(records.filter { !$0.cached }.count) computed, "
                            + "\(records.filter(\.cached).count) from cache; the report was not written (--only)")
                }
                return
            }
            let summary = try renderer.render(input.template, to: output.destination, overrides: try input.overrides())
            if verbose { Console.error(Self.stepTable(summary.records) + "\n\n" + Self.phaseTable(summary.phases, wall: summary.seconds)) }
            if !quiet {
                Console.error(
                    String(
                        format: "wrote %@ — %d step(s) computed, %d from cache, %.2f s",
                        summary.destination.path, summary.computedCount, summary.cachedCount, summary.seconds))
            }
        } catch let error as DiagnosticList {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }

    /// One line per step in document order: id, directive, computed or cached, seconds, key, figure.
    static func stepTable(_ records: [StepRecord]) -> String {
        let idWidth = max(4, records.map { $0.id.count + 1 }.max() ?? 0)
        let directiveWidth = max(9, records.map(\.directive.count).max() ?? 0)
        func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var lines = [padded("step", idWidth) + "  " + padded("directive", directiveWidth) + "  result    seconds  key           figure"]
        for record in records {
            let figure = record.figureCached.map { $0 ? "cached" : "drawn" } ?? "-"
            lines.append(
                padded("#" + record.id, idWidth) + "  " + padded(record.directive, directiveWidth) + "  "
                    + padded(record.cached ? "cached" : "computed", 8) + String(format: "  %7.2f  ", record.seconds)
                    + String(record.key.prefix(12)) + "  " + figure)
        }
        return lines.joined(separator: "\n")
    }

    /// Where the wall time went: one line per phase with its share, then what no phase accounts for.
    static func phaseTable(_ phases: RenderPhases, wall: Double) -> String {
        let width = max(5, phases.phases.map(\.name.count).max() ?? 0)
        func line(_ name: String, _ seconds: Double) -> String {
            name + String(repeating: " ", count: max(0, width - name.count))
                + String(format: "  %8.2f s  %5.1f %%", seconds, wall > 0 ? 100 * seconds / wall : 0)
        }
        var lines = ["phase" + String(repeating: " ", count: width - 5) + "     seconds    share"]
        lines += phases.phases.map { line($0.name, $0.seconds) }
        lines.append(line("unaccounted", max(0, wall - phases.total)))
        return lines.joined(separator: "\n")
    }
}
