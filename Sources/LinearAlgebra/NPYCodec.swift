import Foundation

/// Reads and writes NumPy `.npy` files (format versions 1.0–3.0; see NumPy's `_format_impl.py`).
public enum NPYCodec {
    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    // MARK: Reading

    public static func decode(_ data: Data) throws(NPYError) -> NPYArray {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw .notNPY }
        let (major, minor) = (bytes[6], bytes[7])
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw .truncated(expectedBytes: 12, actualBytes: bytes.count) }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw .unsupportedVersion(major: major, minor: minor)
        }
        let dataStart = headerStart + headerLength
        guard bytes.count >= dataStart else { throw .truncated(expectedBytes: dataStart, actualBytes: bytes.count) }
        let encoding: String.Encoding = major == 3 ? .utf8 : .isoLatin1
        guard let text = String(bytes: bytes[headerStart..<dataStart], encoding: encoding) else {
            throw .malformedHeader("the header is not text")
        }
        let header = try NPYHeader(parsing: text)
        return try readElements(bytes, from: dataStart, header: header)
    }

    private static func readElements(_ bytes: [UInt8], from start: Int, header: NPYHeader) throws(NPYError) -> NPYArray {
        let count = header.shape.reduce(1, *)
        let type = header.dtype
        let needed = count * type.size
        guard bytes.count - start >= needed else {
            throw .truncated(expectedBytes: needed, actualBytes: bytes.count - start)
        }
        func word(_ index: Int) -> UInt64 {
            let base = start + index * type.size
            var value: UInt64 = 0
            for b in 0..<type.size {
                let byte = type.littleEndian ? bytes[base + b] : bytes[base + type.size - 1 - b]
                value |= UInt64(byte) << (8 * b)
            }
            return value
        }
        var elements: NPYArray.Elements
        switch (type.kind, type.size) {
        case ("f", 4): elements = .float32((0..<count).map { Float(bitPattern: UInt32(word($0))) })
        case ("f", 8): elements = .float64((0..<count).map { Double(bitPattern: word($0)) })
        case ("i", _):
            let shift = UInt64(64 - 8 * type.size)
            elements = .int64((0..<count).map { Int(Int64(bitPattern: word($0) << shift) >> Int64(shift)) })
        case ("u", _), ("b", 1):
            elements = .int64((0..<count).map { Int(word($0)) })
        default:
            throw .unsupportedDType(header.descr)
        }
        if header.fortranOrder && header.shape.count > 1 {
            elements = reorderFortran(elements, shape: header.shape)
        }
        return NPYArray(shape: header.shape, elements: elements)
    }

    /// Column-major → row-major, for any number of dimensions.
    private static func reorderFortran(_ elements: NPYArray.Elements, shape: [Int]) -> NPYArray.Elements {
        let count = shape.reduce(1, *)
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
        var source = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        for c in 0..<count {
            source[c] = zip(index, fortranStrides).reduce(0) { $0 + $1.0 * $1.1 }
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        switch elements {
        case .float32(let v): return .float32(source.map { v[$0] })
        case .float64(let v): return .float64(source.map { v[$0] })
        case .int64(let v): return .int64(source.map { v[$0] })
        }
    }

    // MARK: Writing

    /// Version 1.0, little-endian, C order; header padded so the data starts at a multiple of 64.
    public static func encode(_ array: NPYArray) -> Data {
        let descr: String
        var payload = [UInt8]()
        switch array.elements {
        case .float32(let v):
            descr = "<f4"
            payload.reserveCapacity(v.count * 4)
            for x in v { appendLittleEndian(UInt64(x.bitPattern), size: 4, to: &payload) }
        case .float64(let v):
            descr = "<f8"
            payload.reserveCapacity(v.count * 8)
            for x in v { appendLittleEndian(x.bitPattern, size: 8, to: &payload) }
        case .int64(let v):
            descr = "<i8"
            payload.reserveCapacity(v.count * 8)
            for x in v { appendLittleEndian(UInt64(bitPattern: Int64(x)), size: 8, to: &payload) }
        }
        let shapeText =
            array.shape.count == 1
            ? "(\(array.shape[0]),)"
            : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = magic + [1, 0]
        appendLittleEndian(UInt64(header.utf8.count), size: 2, to: &out)
        out += Array(header.utf8)
        out += payload
        return Data(out)
    }

    private static func appendLittleEndian(_ value: UInt64, size: Int, to bytes: inout [UInt8]) {
        for b in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * b))) }
    }
}
