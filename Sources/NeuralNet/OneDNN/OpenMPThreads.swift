import CDNNL
import Glibc

/// oneDNN's threads. Debian builds it on OpenMP, whose thread count is an ICV of the calling thread:
/// Litmus runs one image per core, so every thread that creates or executes a primitive sets its own
/// count to 1 (the process-wide default is never changed). Then each image's bits are those of one
/// thread, however many images run at once.
enum OpenMPThreads {
    private typealias SetNumThreads = @convention(c) (Int32) -> Void

    /// `omp_set_num_threads` of the OpenMP runtime oneDNN loaded (libgomp), found at run time so that
    /// Litmus does not link an OpenMP runtime of its own.
    private static let setNumThreads: SetNumThreads? = {
        guard dnnl_version().pointee.cpu_runtime == UInt32(DNNL_RUNTIME_OMP),
            let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "omp_set_num_threads")
        else { return nil }
        return unsafeBitCast(symbol, to: SetNumThreads.self)
    }()

    /// Makes oneDNN calls from this thread run on this thread alone.
    static func useOneForThisThread() { setNumThreads?(1) }
}
