import Dispatch

/// Per-item work spread over all cores, deterministic whatever the thread count.
public enum Parallel {
    /// `result[i] = body(i, &scratch)` for i in 0..<count. Items are dealt to at most 64 interleaved
    /// chunks (balancing uneven rows); each chunk makes its own scratch once with `makeScratch`.
    public static func map<Scratch>(_ count: Int, makeScratch: @Sendable () -> Scratch,
                                    _ body: @Sendable (Int, inout Scratch) -> Double) -> [Double] {
        guard count > 0 else { return [] }
        var result = [Double](repeating: 0, count: count)
        result.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            let chunks = min(count, 64)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var scratch = makeScratch()
                for i in stride(from: chunk, to: count, by: chunks) { out.pointer[i] = body(i, &scratch) }
            }
        }
        return result
    }

    /// `body(block, range)` for the blocks of `size` items that cover 0..<count (the last one shorter),
    /// spread over the cores. The blocks depend on `count` and `size` only, never on the core count, so
    /// work that keeps each block's result apart is deterministic whatever the threads.
    public static func forEachBlock(of count: Int, size: Int, _ body: @Sendable (_ block: Int, _ range: Range<Int>) -> Void) {
        precondition(size > 0, "a block holds at least one item")
        guard count > 0 else { return }
        DispatchQueue.concurrentPerform(iterations: (count + size - 1) / size) { block in
            body(block, (block * size)..<min(count, (block + 1) * size))
        }
    }
}
