import CFuzzer
import Foundation

// libFuzzer runs the target on each input it makes; its options (-max_total_time=, corpus folders …)
// come from the command line as usual.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
_ = FuzzTarget.current
let status = LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
    FuzzTarget.current.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
exit(status)
