import Dispatch
import Foundation
import LinearAlgebra

/// How Litmus runs a batch of images on oneDNN: one image per core at a time, each worker thread with
/// its own workspace (stream, buffers, scratchpad) and one OpenMP thread, so every image's bits are those
/// of one thread alone whatever the core count. Images are dealt to the workers in a fixed stride.
enum PerCoreBatch {
    static func map<Workspace, Output>(_ count: Int, workspace: @Sendable () throws -> Workspace,
                                       _ body: @Sendable (Int, Workspace) throws -> Output) throws -> [Output] {
        let workers = min(count, ProcessInfo.processInfo.activeProcessorCount)
        var results = [Output?](repeating: nil, count: count)
        var failures = [Error?](repeating: nil, count: workers)
        results.withUnsafeMutableBufferPointer { resultBuffer in
            failures.withUnsafeMutableBufferPointer { failureBuffer in
                let out = SendablePointer(resultBuffer.baseAddress!), failed = SendablePointer(failureBuffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    OpenMPThreads.useOneForThisThread()
                    do {
                        let space = try workspace()
                        for i in stride(from: worker, to: count, by: workers) { out.pointer[i] = try body(i, space) }
                    } catch { failed.pointer[worker] = error }
                }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        return results.map { $0! }
    }
}
