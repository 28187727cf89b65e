import DirectiveLibrary
import Foundation
import LinearAlgebra
import Platform
import ReportEngine
import ReportTestSupport
import TestSupport
import Testing

/// `litmus doctor` and the OpenBLAS kernel check that runs before every command.
@Suite struct DoctorTests {
    static var environmentWithoutKernelChoice: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment[OpenBLASKernel.environmentVariable] = nil
        environment["LITMUS_OPENBLAS_FALLBACK"] = nil
        return environment
    }

    /// The cores Litmus spreads work over are those the process may run on: a Slurm task bound to its
    /// `--cpus-per-task` (or `taskset`) uses those, not the whole node.
    @Test func itUsesTheCoresItIsBoundTo() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        process.arguments = ["-c", "0", CommandLineTests.executable.path, "doctor"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(stdout.contains("), 1 core to use"), "\(stdout)")
        #expect(Parallel.cores >= 1 && Parallel.cores <= ProcessInfo.processInfo.activeProcessorCount)
    }

    /// A kernel the user forces is respected, and named with a warning when the CPU could run a better one.
    /// Both of the project's machine kinds run AVX2 at least, so Prescott is below either.
    @Test func aForcedKernelBelowTheCPUIsKeptWithAWarning() throws {
        try #require(CPUInfo.current().isaLevel >= .v3, "needs a CPU with AVX2")
        var environment = Self.environmentWithoutKernelChoice
        environment[OpenBLASKernel.environmentVariable] = "Prescott"
        let run = try CommandLineTests.litmus(["doctor"], in: Workspace.packageRoot, environment: environment)
        #expect(run.status == 0)
        #expect(run.stdout.contains("BLAS kernel   Prescott (forced by OPENBLAS_CORETYPE=Prescott)"))
        #expect(run.stdout.contains("warning: OpenBLAS runs its Prescott kernel, below what this CPU supports"))
        #expect(run.stdout.contains("Unset OPENBLAS_CORETYPE to let Litmus choose"))
        let kernel = try CommandLineTests.litmus(["doctor", "--blas-kernel"], in: Workspace.packageRoot, environment: environment)
        #expect(kernel.stdout == "Prescott\n")
    }

    /// Left to itself, litmus runs a kernel that uses what the CPU offers: on a CPU where Debian's
    /// OpenBLAS falls back to Prescott, only because it restarted itself with a better one.
    @Test func unforcedItRunsAKernelWorthyOfTheCPU() throws {
        let run = try CommandLineTests.litmus(["doctor"], in: Workspace.packageRoot, environment: Self.environmentWithoutKernelChoice)
        #expect(run.status == 0)
        #expect(!run.stdout.contains("warning:"), "\(run.stdout)")
        let kernel = try CommandLineTests.litmus(
            ["doctor", "--blas-kernel"], in: Workspace.packageRoot,
            environment: Self.environmentWithoutKernelChoice)
        let name = kernel.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(OpenBLASKernel.decide(reported: name, cpu: CPUInfo.current().isaLevel, forced: false) == .keep)
        #expect(run.stdout.contains("BLAS kernel   \(name) ("))
    }

    /// `--json` prints what manifest.json records, read back by the same type.
    @Test func jsonIsTheManifestsNumericEnvironment() throws {
        let run = try CommandLineTests.litmus(["doctor", "--json"], in: Workspace.packageRoot)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let environment = try #require(NumericEnvironment(json: object))
        #expect(environment.computesLike(.current()), "the child runs in this process's environment")
        #expect(environment.blasThreads == 1)
    }
}
