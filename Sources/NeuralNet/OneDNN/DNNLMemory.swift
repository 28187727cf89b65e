import CDNNL

/// Memory descriptors: shape, data type and layout of a tensor.
enum MemoryDescriptor {
    /// N = 1 tensor `channels × height × width` in `tag`'s layout (`dnnl_format_tag_any`: the primitive picks).
    static func image(
        channels: Int, height: Int, width: Int, type: dnnl_data_type_t,
        tag: dnnl_format_tag_t = dnnl_format_tag_any
    ) throws(DNNLError) -> dnnl_memory_desc_t {
        try make([1, channels, height, width], type: type, tag: tag)
    }

    static func make(_ dims: [Int], type: dnnl_data_type_t, tag: dnnl_format_tag_t) throws(DNNLError) -> dnnl_memory_desc_t {
        var descriptor = dnnl_memory_desc_t()
        try DNNLError.check(
            dnnl_memory_desc_init_by_tag(&descriptor, Int32(dims.count), dims.map(Int64.init), type, tag),
            "describe a tensor of shape \(dims)")
        return descriptor
    }

    static func equal(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
        var (a, b) = (a, b)
        return dnnl_memory_desc_equal(&a, &b) != 0
    }

    static func size(_ descriptor: dnnl_memory_desc_t) -> Int {
        var d = descriptor
        return dnnl_memory_desc_get_size(&d)
    }
}

/// A tensor's memory. It owns its buffer (`allocate`) or points into one the caller keeps alive.
final class DNNLMemory: @unchecked Sendable {
    let handle: dnnl_memory_t
    let descriptor: dnnl_memory_desc_t

    init(_ descriptor: dnnl_memory_desc_t, engine: DNNLEngine, allocate: Bool = true) throws(DNNLError) {
        var d = descriptor
        var memory: dnnl_memory_t?
        // DNNL_MEMORY_ALLOCATE is ((void *)(size_t)-1), DNNL_MEMORY_NONE is NULL.
        let mode = allocate ? UnsafeMutableRawPointer(bitPattern: UInt.max) : nil
        try DNNLError.check(dnnl_memory_create(&memory, &d, engine.handle, mode), "allocate \(MemoryDescriptor.size(descriptor)) bytes")
        (handle, self.descriptor) = (memory!, descriptor)
    }

    deinit { dnnl_memory_destroy(handle) }

    var byteCount: Int { MemoryDescriptor.size(descriptor) }

    /// Points this memory at `pointer` (at least `byteCount` bytes).
    func point(at pointer: UnsafeMutableRawPointer) throws(DNNLError) {
        try DNNLError.check(dnnl_memory_set_data_handle(handle, pointer), "use a buffer")
    }

    var data: UnsafeMutableRawPointer {
        var pointer: UnsafeMutableRawPointer?
        dnnl_memory_get_data_handle(handle, &pointer)
        return pointer!
    }
}

/// An aligned buffer that outlives the memories pointed into it.
final class AlignedBuffer {
    let pointer: UnsafeMutableRawPointer
    let byteCount: Int

    init(byteCount: Int) {
        self.byteCount = max(byteCount, 64)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: self.byteCount, alignment: 64)
    }

    deinit { pointer.deallocate() }
}
