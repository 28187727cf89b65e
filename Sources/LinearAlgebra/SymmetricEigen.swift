import CLAPACK

/// Eigendecomposition of a real symmetric matrix (LAPACK `dsyevd`).
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in **descending** order.
    public let values: [Double]
    /// Eigenvectors as rows, row i belonging to `values[i]`; row-major `n × n`.
    public let vectors: [Double]
    public let n: Int

    public enum Failure: Error, CustomStringConvertible {
        case notConverged(info: Int32)
        case notSquare(count: Int, n: Int)
        public var description: String {
            switch self {
            case .notConverged(let info): "the symmetric eigensolver (LAPACK dsyevd) did not converge (info \(info))"
            case .notSquare(let count, let n): "expected a \(n)×\(n) matrix, got \(count) elements"
            }
        }
    }

    /// - Parameter matrix: row-major `n × n`, symmetric (only the upper triangle is read).
    public init(symmetric matrix: [Double], n: Int) throws {
        guard matrix.count == n * n else { throw Failure.notSquare(count: matrix.count, n: n) }
        self.n = n
        guard n > 0 else {
            values = []
            vectors = []
            return
        }
        var a = matrix
        let w = try Self.dsyevd(&a, n: n, vectors: true)
        // LAPACK returns ascending values with eigenvectors in columns; reverse and transpose.
        var vals = [Double](repeating: 0, count: n)
        var vecs = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            let src = n - 1 - i
            vals[i] = w[src]
            for r in 0..<n { vecs[i * n + r] = a[r * n + src] }
        }
        values = vals
        vectors = vecs
    }

    /// The eigenvalues alone, in **descending** order (LAPACK `dsyevd` without vectors: a third of the work).
    /// - Parameter matrix: row-major `n × n`, symmetric (only the upper triangle is read).
    public static func values(symmetric matrix: [Double], n: Int) throws -> [Double] {
        guard matrix.count == n * n else { throw Failure.notSquare(count: matrix.count, n: n) }
        guard n > 0 else { return [] }
        var a = matrix
        return try dsyevd(&a, n: n, vectors: false).reversed()
    }

    /// LAPACK `dsyevd` on a row-major n × n matrix: the eigenvalues ascending; with `vectors`, the
    /// eigenvectors overwrite `a` as its columns.
    private static func dsyevd(_ a: inout [Double], n: Int, vectors: Bool) throws -> [Double] {
        var w = [Double](repeating: 0, count: n)
        // Row-major upper = column-major lower of the same buffer; symmetric, so either works.
        OpenBLASThreads.fixed
        let info = LAPACKE_dsyevd(
            LAPACK_ROW_MAJOR, Int8(UInt8(ascii: vectors ? "V" : "N")), Int8(UInt8(ascii: "U")),
            Int32(n), &a, Int32(n), &w)
        guard info == 0 else { throw Failure.notConverged(info: info) }
        return w
    }
}
