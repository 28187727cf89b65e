import CDNNL

/// oneDNN's CPU engine. Created once: an engine holds no state a computation changes.
final class DNNLEngine: @unchecked Sendable {
    let handle: dnnl_engine_t

    private init() throws(DNNLError) {
        var engine: dnnl_engine_t?
        try DNNLError.check(dnnl_engine_create(&engine, dnnl_cpu, 0), "create its CPU engine")
        handle = engine!
    }

    deinit { dnnl_engine_destroy(handle) }

    static let cpu = Result { () throws(DNNLError) in try DNNLEngine() }
}

/// A stream: where primitives execute, in order. One per thread that executes.
final class DNNLStream {
    let handle: dnnl_stream_t

    init(_ engine: DNNLEngine) throws(DNNLError) {
        var stream: dnnl_stream_t?
        try DNNLError.check(dnnl_stream_create(&stream, engine.handle, dnnl_stream_default_flags.rawValue), "create a stream")
        handle = stream!
    }

    deinit { dnnl_stream_destroy(handle) }

    func wait() throws(DNNLError) { try DNNLError.check(dnnl_stream_wait(handle), "finish a computation") }
}
