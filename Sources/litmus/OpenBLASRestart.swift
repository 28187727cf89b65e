import Foundation
import LinearAlgebra
import Platform

/// Puts OpenBLAS on the kernel the CPU can run when it has fallen back to a lesser one and the user has
/// not chosen one: OpenBLAS picks its kernel once, when it is loaded, so the only way to change it is to
/// start again with `OPENBLAS_CORETYPE` set. Runs before anything else, while no other thread exists.
enum OpenBLASRestart {
    /// Set in the restarted process to the kernel OpenBLAS had chosen: marks the restart as Litmus's
    /// (not the user's choice) for `litmus doctor`, and stops a second one.
    static let marker = "LITMUS_OPENBLAS_FALLBACK"

    static func ifFallenBack() {
        let environment = ProcessInfo.processInfo.environment
        guard environment[OpenBLASKernel.environmentVariable] == nil, environment[marker] == nil else { return }
        let reported = OpenBLASKernel.current
        guard case .replace(let better) = OpenBLASKernel.decide(reported: reported, cpu: CPUInfo.current().isaLevel, forced: false)
        else { return }
        setenv(OpenBLASKernel.environmentVariable, better, 1)
        setenv(marker, reported, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when the restart failed: go on with OpenBLAS's kernel (`litmus doctor` says so).
        unsetenv(OpenBLASKernel.environmentVariable)
        unsetenv(marker)
    }

    /// Who chose the kernel this process runs.
    enum Chooser: Equatable {
        case openBLAS
        /// Litmus restarted with a better kernel; OpenBLAS had chosen this one.
        case litmus(replaced: String)
        /// `OPENBLAS_CORETYPE` was set by the user.
        case user(String)
    }

    static var chooser: Chooser {
        let environment = ProcessInfo.processInfo.environment
        if let replaced = environment[marker] { return .litmus(replaced: replaced) }
        if let forced = environment[OpenBLASKernel.environmentVariable] { return .user(forced) }
        return .openBLAS
    }
}
