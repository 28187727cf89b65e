import CBLAS

/// Thin wrappers over OpenBLAS for the products the analyses need; every call runs single-threaded
/// (`OpenBLASThreads`), so its bits depend only on the kernel and the shape.
public enum BLAS {
    /// C = Aᵀ·A for a row-major `rows × columns` Double matrix: the `columns × columns` Gram matrix of the
    /// columns, full (both triangles filled). - Complexity: O(rows · columns²).
    public static func gramOfColumns(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var c = [Double](repeating: 0, count: columns * columns)
        guard rows > 0, columns > 0 else { return c }
        OpenBLASThreads.fixed
        cblas_dsyrk(
            CblasRowMajor, CblasUpper, CblasTrans, Int32(columns), Int32(rows),
            1.0, a, Int32(columns), 0.0, &c, Int32(columns))
        mirrorUpper(&c, n: columns)
        return c
    }

    /// C = A·Aᵀ for a row-major `rows × columns` Double matrix: the `rows × rows` Gram matrix of the rows.
    public static func gramOfRows(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var c = [Double](repeating: 0, count: rows * rows)
        guard rows > 0, columns > 0 else { return c }
        OpenBLASThreads.fixed
        cblas_dsyrk(
            CblasRowMajor, CblasUpper, CblasNoTrans, Int32(rows), Int32(columns),
            1.0, a, Int32(columns), 0.0, &c, Int32(rows))
        mirrorUpper(&c, n: rows)
        return c
    }

    /// C = A·B (row-major Double): A is m × k, B is k × n.
    public static func multiply(
        _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int,
        transposeB: Bool = false
    ) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return c }
        OpenBLASThreads.fixed
        cblas_dgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1.0, a, Int32(k), b, Int32(transposeB ? k : n),
            0.0, &c, Int32(n))
        return c
    }

    /// C = A·B (row-major Float): A is m × k, B is k × n (or n × k when `transposeB`).
    public static func multiply(
        _ a: [Float], _ b: [Float], m: Int, k: Int, n: Int,
        transposeB: Bool = false
    ) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return c }
        OpenBLASThreads.fixed
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1.0, a, Int32(k), b, Int32(transposeB ? k : n),
            0.0, &c, Int32(n))
        return c
    }

    /// C = α·op(A)·op(B) + β·C on raw row-major Float buffers (`cblas_sgemm` with its leading dimensions),
    /// for kernels that work in place: convolutions, distance tiles.
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, _ c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        OpenBLASThreads.fixed
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// C = op(A)·op(B) on raw row-major Double buffers (`cblas_dgemm`), for work split in blocks.
    public static func dgemm(
        transposeB: Bool = false, m: Int, n: Int, k: Int, _ a: UnsafePointer<Double>, lda: Int,
        _ b: UnsafePointer<Double>, ldb: Int, _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        OpenBLASThreads.fixed
        cblas_dgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// y = A·v, or Aᵀ·v when `transposed`, for a raw row-major `rows × columns` Double A (`cblas_dgemv`): a
    /// product with one vector, which GEMM would first copy A into its packed layout for.
    public static func dgemv(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int, transposed: Bool = false,
        _ v: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>
    ) {
        guard rows > 0, columns > 0 else { return }
        OpenBLASThreads.fixed
        cblas_dgemv(
            CblasRowMajor, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            1, a, Int32(columns), v, 1, 0, y, 1)
    }

    private static func mirrorUpper(_ c: inout [Double], n: Int) {
        for i in 0..<n { for j in 0..<i { c[i * n + j] = c[j * n + i] } }
    }
}
