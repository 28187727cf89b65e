/// A dense row-major matrix of `Float` values: `rows` samples × `columns` features.
///
/// Value type; copies share storage until written (copy-on-write through `Array`).
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Row-major elements; `storage.count == rows * columns`.
    public private(set) var storage: [Float]

    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(
            rows >= 0 && columns >= 0 && storage.count == rows * columns,
            "Matrix storage has \(storage.count) elements, expected \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        self.init(rows: rows, columns: columns, storage: Array(repeating: value, count: rows * columns))
    }

    /// Builds a matrix from equally long rows.
    public init(rowArrays: [[Float]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows differ in length")
        self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Float {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    public func row(_ index: Int) -> ArraySlice<Float> {
        storage[(index * columns)..<((index + 1) * columns)]
    }

    public func column(_ index: Int) -> [Float] {
        (0..<rows).map { storage[$0 * columns + index] }
    }

    /// The first `count` columns, as a new matrix.
    public func leadingColumns(_ count: Int) -> Matrix {
        precondition(count <= columns)
        var out = [Float]()
        out.reserveCapacity(rows * count)
        for r in 0..<rows { out.append(contentsOf: storage[(r * columns)..<(r * columns + count)]) }
        return Matrix(rows: rows, columns: count, storage: out)
    }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var out = [Float]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: row(r)) }
        return Matrix(rows: indices.count, columns: columns, storage: out)
    }

    /// Whether every element is finite (no NaN or ±inf).
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// The position of the first non-finite element, if any.
    public var firstNonFinite: (row: Int, column: Int)? {
        guard let index = storage.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (index / max(columns, 1), index % max(columns, 1))
    }
}
