import Foundation

/// An n-dimensional array as stored in NumPy's `.npy` format, in C order.
public struct NPYArray: Sendable, Equatable {
    public enum Elements: Sendable, Equatable {
        case float32([Float])
        case float64([Double])
        case int64([Int])

        public var count: Int {
            switch self {
            case .float32(let v): v.count
            case .float64(let v): v.count
            case .int64(let v): v.count
            }
        }
    }

    public let shape: [Int]
    public let elements: Elements

    public init(shape: [Int], elements: Elements) {
        precondition(shape.reduce(1, *) == elements.count, "shape \(shape) does not match \(elements.count) elements")
        self.shape = shape
        self.elements = elements
    }

    public init(_ matrix: Matrix) {
        self.init(shape: [matrix.rows, matrix.columns], elements: .float32(matrix.storage))
    }

    /// The elements as Float, whatever their stored type.
    public var floats: [Float] {
        switch elements {
        case .float32(let v): v
        case .float64(let v): v.map { Float($0) }
        case .int64(let v): v.map { Float($0) }
        }
    }

    public var doubles: [Double] {
        switch elements {
        case .float32(let v): v.map { Double($0) }
        case .float64(let v): v
        case .int64(let v): v.map { Double($0) }
        }
    }

    /// Integer elements; `nil` when a floating-point element is not a whole number.
    public var integers: [Int]? {
        switch elements {
        case .int64(let v): return v
        case .float32(let v): return v.allSatisfy { $0.rounded() == $0 && abs($0) < 1e15 } ? v.map { Int($0) } : nil
        case .float64(let v): return v.allSatisfy { $0.rounded() == $0 && abs($0) < 1e15 } ? v.map { Int($0) } : nil
        }
    }

    public var isInteger: Bool { if case .int64 = elements { true } else { false } }

    /// A 2-D array (or a 1-D one as a single column) as a Float matrix.
    public func matrix() throws(NPYError) -> Matrix {
        switch shape.count {
        case 1: return Matrix(rows: shape[0], columns: 1, storage: floats)
        case 2: return Matrix(rows: shape[0], columns: shape[1], storage: floats)
        default: throw .unsupportedShape(shape)
        }
    }
}
