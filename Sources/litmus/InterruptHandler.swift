import Dispatch
import Foundation

/// Ctrl-C during a render: says what survives and exits with 130 (128 + SIGINT), the shell convention.
/// Nothing needs undoing: finished steps and images are already in the cache, and the report folder is
/// replaced in one atomic step, so it holds the old report until the new one is complete. The handler
/// is installed even when SIGINT was ignored on entry (as for a process started in the background by
/// some test runners), so an interrupt always stops a render. It ends the process with `_exit`: `exit`
/// would run the libraries' exit handlers (OpenBLAS stops its threads) while worker threads still
/// compute, which crashed a release build now and then.
struct InterruptHandler {
    private let source: DispatchSourceSignal

    /// `beforeExit` runs first: it cancels what was handed to Slurm.
    init(
        message: String = "interrupted: finished results are cached and reused by the next render; the previous report is unchanged",
        status: Int32 = 130, beforeExit: @escaping @Sendable () -> Void = {}
    ) {
        signal(SIGINT, SIG_IGN)  // the dispatch source receives it instead of the default action
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            beforeExit()
            Console.error("\n" + message)
            _exit(status)
        }
        source.resume()
    }
}
