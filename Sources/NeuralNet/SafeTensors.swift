import Foundation

/// A `.safetensors` file: 8-byte little-endian header length N, N bytes of JSON header (name →
/// dtype, shape, data_offsets), then the tensors' bytes (docs/algorithms.md, "File formats"). Validated as the
/// reference reader does: offsets tile the buffer exactly, sizes match shapes.
public struct SafeTensors: Sendable {
    public struct TensorInfo: Sendable, Equatable {
        public let dtype: String
        public let shape: [Int]
        /// Byte range inside the data buffer.
        public let range: Range<Int>
    }

    public let tensors: [String: TensorInfo]
    public let metadata: [String: String]
    private let buffer: Data

    static let elementBits: [String: Int] = [
        "BOOL": 8, "U8": 8, "I8": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32,
        "I64": 64, "U64": 64, "F64": 64, "F8_E5M2": 8, "F8_E4M3": 8,
    ]

    public init(_ data: Data) throws(SafeTensorsError) {
        guard data.count >= 8 else { throw .truncated("the file is shorter than its 8-byte header length") }
        let bytes = [UInt8](data.prefix(8))
        let headerLength = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard headerLength <= 100_000_000 else { throw .invalidHeader("the header length \(headerLength) is implausible (limit 100 MB)") }
        guard data.count >= 8 + Int(headerLength) else {
            throw .truncated("the header promises \(headerLength) bytes but the file has \(data.count - 8)")
        }
        let headerData = data.subdata(in: data.startIndex + 8..<data.startIndex + 8 + Int(headerLength))
        guard headerData.first == UInt8(ascii: "{"),
            let object = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any]
        else {
            throw .invalidHeader("the header is not a JSON object")
        }
        buffer = data.subdata(in: data.startIndex + 8 + Int(headerLength)..<data.endIndex)
        var tensors = [String: TensorInfo]()
        var metadata = [String: String]()
        for (name, value) in object {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw .invalidHeader("__metadata__ must map strings to strings") }
                for (k, v) in map {
                    guard let text = v as? String else { throw .invalidHeader("__metadata__ value of `\(k)` is not a string") }
                    metadata[k] = text
                }
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shapeValues = entry["shape"] as? [Any], let offsetValues = entry["data_offsets"] as? [Any],
                offsetValues.count == 2
            else {
                throw .invalidHeader("tensor `\(name)` lacks dtype, shape or data_offsets")
            }
            guard let bits = Self.elementBits[dtype] else { throw .unsupportedDType(tensor: name, dtype: dtype) }
            // Every number is untrusted: whole, not negative, and no product of them may overflow.
            guard let shape = Self.sizes(shapeValues), let offsets = Self.sizes(offsetValues) else {
                throw .invalidHeader("tensor `\(name)` has a shape or data_offsets that are not whole numbers from 0 to 2^63 − 1")
            }
            guard offsets[0] <= offsets[1] else { throw .invalidHeader("tensor `\(name)` ends before it starts") }
            guard let byteCount = Self.byteCount(shape, bits: bits) else {
                throw .invalidHeader("tensor `\(name)`: shape \(shape) of \(dtype) is too large to exist (its byte count overflows)")
            }
            guard offsets[1] - offsets[0] == byteCount else {
                throw .invalidHeader(
                    "tensor `\(name)`: shape \(shape) of \(dtype) needs \(byteCount) bytes, its offsets span \(offsets[1] - offsets[0])")
            }
            tensors[name] = TensorInfo(dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
        }
        // The tensors must tile the buffer from 0, no gaps or overlaps, to its end.
        var end = 0
        for info in tensors.values.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            guard info.range.lowerBound == end else { throw .invalidHeader("tensor data do not tile the buffer (gap or overlap at byte \(end))") }
            end = info.range.upperBound
        }
        guard end == buffer.count else {
            throw end > buffer.count
                ? .truncated("the tensors need \(end) bytes of data, the file has \(buffer.count)")
                : .invalidHeader("\(buffer.count - end) bytes after the last tensor")
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    /// JSON numbers as sizes: nil unless each is a whole number in 0…Int64.max (a larger or fractional
    /// number does not survive the round trip through Int64).
    static func sizes(_ values: [Any]) -> [Int]? {
        var result = [Int]()
        for value in values {
            guard let number = value as? NSNumber else { return nil }
            let size = number.int64Value
            guard size >= 0, NSNumber(value: size).isEqual(to: number) else { return nil }
            result.append(Int(size))
        }
        return result
    }

    /// Bytes of a tensor of `shape` with `bits`-bit elements; nil on overflow.
    static func byteCount(_ shape: [Int], bits: Int) -> Int? {
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            count = product
        }
        let (bitCount, overflow) = count.multipliedReportingOverflow(by: bits)
        return overflow ? nil : bitCount / 8
    }

    /// The tensor's elements as Float (F32, F16, BF16, F64 converted).
    public func floats(_ name: String) throws(SafeTensorsError) -> [Float] {
        guard let info = tensors[name] else { throw .missingTensor(name) }
        let slice = buffer.subdata(in: buffer.startIndex + info.range.lowerBound..<buffer.startIndex + info.range.upperBound)
        let count = info.shape.reduce(1, *)
        #if _endian(little)
            if info.dtype == "F32" {
                // The stored bytes are the values: one copy instead of one conversion per element.
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    slice.withUnsafeBytes { bytes in UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes) }
                    initialized = count
                }
            }
        #endif
        let raw = [UInt8](slice)
        func word(_ i: Int, _ size: Int) -> UInt64 { (0..<size).reduce(UInt64(0)) { $0 | UInt64(raw[i * size + $1]) << (8 * UInt64($1)) } }
        switch info.dtype {
        case "F32": return (0..<count).map { Float(bitPattern: UInt32(word($0, 4))) }
        case "F64": return (0..<count).map { Float(Double(bitPattern: word($0, 8))) }
        case "BF16": return (0..<count).map { Float(bitPattern: UInt32(word($0, 2)) << 16) }
        case "F16": return (0..<count).map { Float(Float16(bitPattern: UInt16(word($0, 2)))) }
        default: throw .unsupportedDType(tensor: name, dtype: info.dtype)
        }
    }
}

extension SafeTensors {
    /// A `.safetensors` file of F32 tensors, in the given order (names sorted in the header, as the
    /// reference writer does; the data in the given order).
    public static func encode(_ tensors: [(name: String, shape: [Int], values: [Float])]) -> Data {
        var entries = [String]()
        var offset = 0
        for tensor in tensors {
            precondition(tensor.shape.reduce(1, *) == tensor.values.count, "shape of \(tensor.name) does not match its values")
            let end = offset + tensor.values.count * 4
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\"\(tensor.name)\":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Data(("{" + entries.joined(separator: ",") + "}").utf8)
        // Padded with spaces to a multiple of 8 bytes, so the data are aligned.
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var data = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(header)
        for tensor in tensors {
            #if _endian(little)
                tensor.values.withUnsafeBytes { data.append(contentsOf: $0) }
            #else
                for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            #endif
        }
        return data
    }
}

/// Why a `.safetensors` file could not be used.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    case truncated(String)
    case invalidHeader(String)
    case unsupportedDType(tensor: String, dtype: String)
    case missingTensor(String)
    case wrongShape(tensor: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .truncated(let why): "the weights file is truncated: \(why)"
        case .invalidHeader(let why): "the weights file's header is invalid: \(why)"
        case .unsupportedDType(let tensor, let dtype): "tensor `\(tensor)` has element type \(dtype); use F32, F16 or BF16"
        case .missingTensor(let name): "the weights file has no tensor `\(name)`; is it a VGG19 with torchvision/timm names (features.N.weight)?"
        case .wrongShape(let tensor, let expected, let found): "tensor `\(tensor)` has shape \(found), VGG19 needs \(expected)"
        }
    }
}
