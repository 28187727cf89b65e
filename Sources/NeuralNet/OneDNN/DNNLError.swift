import CDNNL

/// A oneDNN call that failed: what Litmus asked for and oneDNN's status.
public struct DNNLError: Error, Equatable, CustomStringConvertible {
    /// What was being done, e.g. "create the Winograd convolution 64 → 64 at 224 × 224".
    public let operation: String
    public let status: String

    public var description: String {
        "oneDNN could not \(operation): \(status). Run `litmus doctor` to see the oneDNN version and the CPU's ISA"
    }

    init(operation: String, status: dnnl_status_t) {
        self.operation = operation
        self.status =
            switch status {
            case dnnl_out_of_memory: "out of memory"
            case dnnl_invalid_arguments: "invalid arguments (a bug in Litmus: please report it)"
            case dnnl_unimplemented: "no implementation for this shape, data type and CPU"
            case dnnl_runtime_error: "runtime error"
            default: "status \(status.rawValue)"
            }
    }

    /// Throws unless `status` is success.
    static func check(_ status: dnnl_status_t, _ operation: @autoclosure () -> String) throws(DNNLError) {
        guard status == dnnl_success else { throw DNNLError(operation: operation(), status: status) }
    }
}
