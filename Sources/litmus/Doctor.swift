import ArgumentParser
import DirectiveLibrary
import Foundation
import Imaging
import LinearAlgebra
import Platform
import Plotting
import ReportEngine

/// `litmus doctor`: what a user needs when numbers or speed surprise them.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the CPU, the BLAS library and kernel, threads and library versions that the numbers depend on.",
        discussion: "Reports rendered where `numeric environment` matches give identical bytes; see docs/numerics.md.")

    @Flag(help: "Print the numeric environment as manifest.json records it, as JSON.")
    var json = false

    @Flag(help: "Print only the name of the OpenBLAS kernel this process runs (for scripts).")
    var blasKernel = false

    @Flag(help: "Print the OpenBLAS kernels this CPU can be forced to run, one per ISA level (for scripts/test).")
    var runnableKernels = false

    func run() throws {
        let cpu = CPUInfo.current()
        let environment = NumericEnvironment.current(cpu: cpu)
        if blasKernel {
            print(environment.blasKernel)
            return
        }
        if runnableKernels {
            print(OpenBLASKernel.kernels(upTo: cpu.isaLevel).joined(separator: " "))
            return
        }
        if json {
            print(environment.jsonText, terminator: "")
            return
        }
        let level = cpu.isaLevel
        let extensions = cpu.extensions.isEmpty ? "" : "; " + cpu.extensions.joined(separator: ", ")
        let chosen: String
        let warning: String?
        switch OpenBLASRestart.chooser {
        case .openBLAS: chosen = "chosen by OpenBLAS"
        case .litmus(let replaced): chosen = "set by Litmus: OpenBLAS had fallen back to \(replaced)"
        case .user(let forced): chosen = "forced by \(OpenBLASKernel.environmentVariable)=\(forced)"
        }
        switch OpenBLASKernel.decide(
            reported: environment.blasKernel, cpu: level,
            forced: OpenBLASRestart.chooser != .openBLAS)
        {
        case .keep: warning = nil
        case .forcedBelow(let better):
            warning = """
                warning: OpenBLAS runs its \(environment.blasKernel) kernel, below what this CPU supports (\(level.name)); \
                \(better) would be faster. Unset \(OpenBLASKernel.environmentVariable) to let Litmus choose. \
                Results may differ in the last bits from a machine that runs \(better).
                """
        case .replace(let better):
            warning = """
                warning: OpenBLAS fell back to its \(environment.blasKernel) kernel on this \(level.name) CPU and \
                Litmus could not restart with \(better); run with \(OpenBLASKernel.environmentVariable)=\(better).
                """
        }
        let libraries = CodecLibraries.versions + [("Cairo", CairoLibrary.version), ("cmark-gfm", MarkdownLibrary.version)]
        let rows: [(String, String)] = [
            ("CPU", "\(cpu.model) (\(cpu.vendor)), \(Parallel.cores) core\(Parallel.cores == 1 ? "" : "s") to use"),
            ("ISA level", "\(level)\(extensions)"),
            ("BLAS", "\(environment.blas) (\(OpenBLASKernel.threading))"),
            ("BLAS kernel", "\(environment.blasKernel) (\(chosen))"),
            ("BLAS threads", "\(environment.blasThreads) per call; Litmus spreads the work over the cores in fixed blocks"),
            (
                "CNN library",
                "\(environment.dnnl) on OpenMP, ISA \(environment.dnnlISA)\(ProcessInfo.processInfo.environment["DNNL_MAX_CPU_ISA"].map { " (capped by DNNL_MAX_CPU_ISA=\($0))" } ?? ""); one image per core, one thread each"
            ),
            ("C library", environment.libc),
            ("libraries", libraries.map { "\($0.0) \($0.1)" }.joined(separator: ", ")),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        for (name, value) in rows { print(name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + value) }
        print(
            "\nnumeric environment (manifest.json): \(environment.isa), \(environment.blas) \(environment.blasKernel), "
                + "\(environment.blasThreads) thread per call, \(environment.dnnl) \(environment.dnnlISA), \(environment.libc)")
        if let warning { print("\n" + warning) }
    }
}
