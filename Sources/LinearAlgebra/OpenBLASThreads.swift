import CBLAS

/// Every OpenBLAS call in Litmus runs on one thread. OpenBLAS splits a product differently over 1 and 2
/// threads, and whether the split changes the bits depends on the kernel and the shape (64 × 3136 × 576
/// does with the Haswell kernel); its thread count is also one setting for the whole process, so switching
/// it around a call races with every other thread inside BLAS. So the count is set to 1 once, before the
/// first call, and never changed: Litmus spreads work over the cores itself, in blocks that do not depend
/// on the core count (docs/numerics.md).
enum OpenBLASThreads {
    /// Touched before every BLAS or LAPACK call (`BLAS`, `SymmetricEigen`). Swift runs the initialiser
    /// once, the other threads waiting, so no thread is inside OpenBLAS when the count is set.
    static let fixed: Void = { openblas_set_num_threads(1) }()

    /// OpenBLAS's thread count as it stands (1 once any product has run).
    static var current: Int { Int(openblas_get_num_threads()) }
}
