import Foundation
import LinearAlgebra

/// How Litmus runs a batch of images on oneDNN: one image per core at a time, each worker thread with
/// its own workspace (stream, buffers, scratchpad) and one OpenMP thread, so every image's bits are those
/// of one thread alone whatever the core count. Images are dealt to the workers in a fixed stride.
enum PerCoreBatch {
    static func map<Workspace, Output>(
        _ count: Int, workspace: @Sendable () throws -> Workspace,
        _ body: @Sendable (Int, Workspace) throws -> Output
    ) throws -> [Output] {
        try Parallel.map(
            count, workers: Parallel.cores,
            makeScratch: { () throws -> Workspace in
                OpenMPThreads.useOneForThisThread()
                return try workspace()
            }
        ) { (i, space: inout Workspace) throws in try body(i, space) }
    }
}
