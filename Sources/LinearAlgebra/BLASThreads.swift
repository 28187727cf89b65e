import CBLAS
import Synchronization

/// OpenBLAS's own threads, switched off while work is spread over the cores by Litmus instead (several
/// images through VGG19 at once): two layers of threads on the same cores made each image slower than
/// one core alone. OpenBLAS has one process-wide thread count, so nested or concurrent scopes are
/// counted and the count is restored when the last one ends.
public enum BLASThreads {
    private static let scopes = Mutex<(open: Int, saved: Int32)>((0, 0))

    /// `body` with OpenBLAS single-threaded.
    public static func singleThreaded<T>(_ body: () throws -> T) rethrows -> T {
        scopes.withLock { state in
            if state.open == 0 { state.saved = openblas_get_num_threads(); openblas_set_num_threads(1) }
            state.open += 1
        }
        defer {
            scopes.withLock { state in
                state.open -= 1
                if state.open == 0 { openblas_set_num_threads(state.saved) }
            }
        }
        return try body()
    }
}
