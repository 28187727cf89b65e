/// Why a `.npy` file could not be read or written.
public enum NPYError: Error, Equatable, CustomStringConvertible {
    case notNPY
    case truncated(expectedBytes: Int, actualBytes: Int)
    case unsupportedVersion(major: UInt8, minor: UInt8)
    case malformedHeader(String)
    case unsupportedDType(String)
    case unsupportedShape([Int])

    public var description: String {
        switch self {
        case .notNPY:
            "not a NumPy .npy file (the magic bytes \\x93NUMPY are missing)"
        case .truncated(let expected, let actual):
            "the file is truncated: the header promises \(expected) bytes of data, the file has \(actual)"
        case .unsupportedVersion(let major, let minor):
            "unsupported .npy format version \(major).\(minor) (1.0, 2.0 and 3.0 are read)"
        case .malformedHeader(let why):
            "the .npy header is malformed: \(why)"
        case .unsupportedDType(let descr):
            "unsupported element type '\(descr)': save the array as float32, float64, int32 or int64 (numpy: a.astype('float32'))"
        case .unsupportedShape(let shape):
            "expected a 1-D or 2-D array, got shape (\(shape.map(String.init).joined(separator: ", ")))"
        }
    }
}
