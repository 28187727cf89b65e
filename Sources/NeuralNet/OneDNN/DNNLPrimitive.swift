import CDNNL

/// A primitive and its descriptor: one operation for fixed shapes, layouts and algorithm. Thread-safe to
/// execute from several threads at once, each with its own stream, buffers and scratchpad.
final class DNNLPrimitive: @unchecked Sendable {
    let descriptor: dnnl_primitive_desc_t
    let handle: dnnl_primitive_t

    /// - Parameters:
    ///   - operation: a `dnnl_*_desc_t` initialised by its `*_desc_init`.
    ///   - relu: fuse a ReLU after the operation (a post-op).
    ///   - hint: the forward primitive a backward one reverses.
    init<Operation>(
        _ operation: Operation, engine: DNNLEngine, relu: Bool = false, hint: DNNLPrimitive? = nil,
        what: @autoclosure () -> String
    ) throws(DNNLError) {
        let attributes = try Self.attributes(userScratchpad: true)
        defer { dnnl_primitive_attr_destroy(attributes) }
        if relu {
            var postOps: dnnl_post_ops_t?
            try DNNLError.check(dnnl_post_ops_create(&postOps), "create post-ops")
            defer { dnnl_post_ops_destroy(postOps) }
            try DNNLError.check(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_relu, 0, 0), "append a ReLU")
            try DNNLError.check(dnnl_primitive_attr_set_post_ops(attributes, postOps), "attach the ReLU")
        }
        var op = operation
        var pd: dnnl_primitive_desc_t?
        let status = withUnsafePointer(to: &op) { pointer in
            dnnl_primitive_desc_create(&pd, UnsafeRawPointer(pointer), attributes, engine.handle, hint?.descriptor)
        }
        try DNNLError.check(status, what())
        var primitive: dnnl_primitive_t?
        let created = dnnl_primitive_create(&primitive, pd)
        guard created == dnnl_success else {
            dnnl_primitive_desc_destroy(pd)
            throw DNNLError(operation: what(), status: created)
        }
        (descriptor, handle) = (pd!, primitive!)
    }

    /// A reorder from one layout or data type to another.
    /// - Parameter userScratchpad: false for a reorder run once while a network is set up.
    init(
        reorderFrom source: dnnl_memory_desc_t, to target: dnnl_memory_desc_t, engine: DNNLEngine,
        userScratchpad: Bool = true
    ) throws(DNNLError) {
        var (s, t) = (source, target)
        var pd: dnnl_primitive_desc_t?
        let attributes = try Self.attributes(userScratchpad: userScratchpad)
        defer { dnnl_primitive_attr_destroy(attributes) }
        try DNNLError.check(
            dnnl_reorder_primitive_desc_create(&pd, &s, engine.handle, &t, engine.handle, attributes),
            "reorder a tensor between layouts")
        var primitive: dnnl_primitive_t?
        try DNNLError.check(dnnl_primitive_create(&primitive, pd), "create a reorder")
        (descriptor, handle) = (pd!, primitive!)
    }

    /// Attributes for a new primitive; the caller destroys them.
    /// - Parameter userScratchpad: the caller supplies the scratchpad, so concurrent executions never
    ///   share one (false only for reorders run once while a network is set up).
    private static func attributes(userScratchpad: Bool) throws(DNNLError) -> dnnl_primitive_attr_t {
        var attributes: dnnl_primitive_attr_t?
        try DNNLError.check(dnnl_primitive_attr_create(&attributes), "create primitive attributes")
        if userScratchpad {
            let status = dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user)
            guard status == dnnl_success else {
                dnnl_primitive_attr_destroy(attributes)
                throw DNNLError(operation: "set the scratchpad mode", status: status)
            }
        }
        return attributes!
    }

    deinit {
        dnnl_primitive_destroy(handle)
        dnnl_primitive_desc_destroy(descriptor)
    }

    /// A memory descriptor the primitive asks for: `dnnl_query_src_md`, `_weights_md`, `_dst_md`, …
    func memory(_ query: dnnl_query_t, index: Int32 = 0) -> dnnl_memory_desc_t {
        dnnl_primitive_desc_query_md(descriptor, query, index)?.pointee ?? dnnl_memory_desc_t()
    }

    var scratchpadSize: Int { MemoryDescriptor.size(memory(dnnl_query_scratchpad_md)) }

    /// oneDNN's name of the implementation it picked, e.g. "jit_wino_4x3:avx512_core".
    var implementation: String {
        var name: UnsafePointer<CChar>?
        withUnsafeMutablePointer(to: &name) { pointer in
            _ = dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, UnsafeMutableRawPointer(pointer))
        }
        return name.map { String(cString: $0) } ?? "unknown"
    }

    func execute(_ stream: DNNLStream, _ arguments: [(Int32, DNNLMemory)]) throws(DNNLError) {
        var args = arguments.map { dnnl_exec_arg_t(arg: $0.0, memory: $0.1.handle) }
        try DNNLError.check(dnnl_primitive_execute(handle, stream.handle, Int32(args.count), &args), "execute \(implementation)")
    }
}
