import CKernels
import Dispatch
import Foundation

/// Per-item work spread over the cores, deterministic whatever the thread count.
public enum Parallel {
    /// The cores this process may run on: its CPU affinity (`taskset`, a Slurm task bound to its
    /// `--cpus-per-task`, a container's cpuset), which Foundation's `activeProcessorCount` ignores.
    public static var cores: Int {
        let bound = Int(litmus_affinity_cores())
        return bound > 0 ? bound : ProcessInfo.processInfo.activeProcessorCount
    }

    /// `result[i] = body(i, &scratch)` for i in 0..<count. Items are dealt to `workers` interleaved
    /// workers (item i to worker i % workers, balancing uneven items); each worker makes its own scratch
    /// once with `makeScratch`. A worker stops at its first error; the error of the lowest worker is thrown.
    /// An item's result never depends on the worker count unless `body` makes it.
    public static func map<Scratch, Output, Failure: Error>(
        _ count: Int, workers: Int = 64, makeScratch: @Sendable () throws(Failure) -> Scratch,
        _ body: @Sendable (Int, inout Scratch) throws(Failure) -> Output
    ) throws(Failure) -> [Output] {
        guard count > 0 else { return [] }
        let workers = max(1, min(count, workers))
        var results = [Output?](repeating: nil, count: count)
        var failures = [Failure?](repeating: nil, count: workers)
        results.withUnsafeMutableBufferPointer { resultBuffer in
            failures.withUnsafeMutableBufferPointer { failureBuffer in
                let out = SendablePointer(resultBuffer.baseAddress!)
                let failed = SendablePointer(failureBuffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    do throws(Failure) {
                        var scratch = try makeScratch()
                        for i in stride(from: worker, to: count, by: workers) { out.pointer[i] = try body(i, &scratch) }
                    } catch { failed.pointer[worker] = error }
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        return results.map { $0! }
    }

    /// `body(i)` for i in 0..<count, on at most `workers` threads.
    public static func map<Output, Failure: Error>(
        _ count: Int, workers: Int = 64,
        _ body: @Sendable (Int) throws(Failure) -> Output
    ) throws(Failure) -> [Output] {
        try map(count, workers: workers, makeScratch: { () throws(Failure) in () }) { (i, _: inout ()) throws(Failure) in try body(i) }
    }

    /// `body(worker)` for each of `workers` threads of their own, returning when all have finished. For
    /// work that spreads over the cores itself: a `concurrentPerform` nested in another finds the pool's
    /// threads busy and runs its iterations one after the other (a render's steps, and inside a step its
    /// layouts, each run their parts in parallel).
    public static func onThreads(_ workers: Int, _ body: @escaping @Sendable (_ worker: Int) -> Void) {
        let done = DispatchGroup()
        for worker in 0..<max(1, workers) {
            done.enter()
            let thread = Thread {
                body(worker)
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
    }

    /// `body(i)` for i in 0..<count on `workers` threads of their own (item i on thread i % workers).
    public static func mapOnThreads<Output: Sendable>(
        _ count: Int, workers: Int,
        _ body: @escaping @Sendable (Int) -> Output
    ) -> [Output] {
        guard count > 0 else { return [] }
        let workers = max(1, min(count, workers))
        var results = [Output?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each slot is written by one thread, and `onThreads` returns only once all are done.
            let out = SendablePointer(buffer.baseAddress!)
            onThreads(workers) { worker in
                for i in stride(from: worker, to: count, by: workers) { out.pointer[i] = body(i) }
            }
        }
        return results.map { $0! }
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
