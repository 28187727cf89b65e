import Foundation
import LinearAlgebra
import Testing

@Suite struct NPYCodecTests {
    /// The fixtures hold element i = i·0.5 − 3 (floats) or i − 3 (ints), in C order.
    private func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "npy", subdirectory: "Fixtures/npy"))
        return try Data(contentsOf: url)
    }

    private func expectedFloats(_ count: Int) -> [Double] { (0..<count).map { Double($0) * 0.5 - 3 } }

    @Test(arguments: ["f4_2d", "f8_2d", "f4_v2", "f4_big_endian", "f8_fortran"])
    func readsFloatMatricesWrittenByNumPy(_ name: String) throws {
        let array = try NPYCodec.decode(try fixture(name))
        #expect(array.shape == [4, 3])
        #expect(array.doubles == expectedFloats(12))
        let matrix = try array.matrix()
        #expect(matrix.rows == 4 && matrix.columns == 3)
        #expect(matrix[1, 2] == Float(5 * 0.5 - 3))
    }

    @Test(arguments: ["i4_1d", "i8_1d"])
    func readsIntegerVectors(_ name: String) throws {
        let array = try NPYCodec.decode(try fixture(name))
        #expect(array.shape == [7])
        #expect(array.isInteger)
        #expect(array.integers == (0..<7).map { $0 - 3 })
    }

    @Test func readsUnsignedBytes() throws {
        #expect(try NPYCodec.decode(try fixture("u1_1d")).integers == [0, 1, 2, 3, 4])
    }

    @Test func rejectsUnsupportedTypeWithAdvice() throws {
        #expect(throws: NPYError.unsupportedDType("<c8")) { try NPYCodec.decode(try fixture("c8_unsupported")) }
        #expect(NPYError.unsupportedDType("<c8").description.contains("astype('float32')"))
    }

    @Test func reportsTruncatedData() throws {
        #expect(throws: NPYError.truncated(expectedBytes: 48, actualBytes: 38)) {
            try NPYCodec.decode(try fixture("truncated"))
        }
    }

    @Test func rejectsFilesThatAreNotNPY() {
        #expect(throws: NPYError.notNPY) { try NPYCodec.decode(Data("id,value\n1,2\n".utf8)) }
        #expect(throws: NPYError.notNPY) { try NPYCodec.decode(Data()) }
    }

    @Test func rejectsALyingHeader() {
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0]
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }\n"
        bytes += [UInt8(header.utf8.count), 0] + Array(header.utf8) + [0, 0, 0, 0]
        #expect(throws: NPYError.self) { try NPYCodec.decode(Data(bytes)) }
    }

    /// Shapes whose element count overflows, is negative or is not a number: an error, never a crash or
    /// an allocation (issue 20: every size read from a header is untrusted).
    @Test(arguments: [
        "(4294967296, 4294967296, 4)", "(9223372036854775807,)", "(-1, 3)", "(99999999999999999999999,)",
        "(3037000500, 3037000500)", "(2147483647, 2147483647, 0)",
    ])
    func extremeShapesAreErrors(_ shape: String) {
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0]
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }\n"
        bytes += [UInt8(header.utf8.count), 0] + Array(header.utf8) + [0, 0, 0, 0, 0, 0, 0, 0]
        do {
            let array = try NPYCodec.decode(Data(bytes))
            #expect(array.shape.contains(0), "\(shape) decoded as \(array.shape)")  // only an empty array may load
        } catch {
            #expect(!"\(error)".isEmpty)
        }
    }

    @Test func writesTheSameBytesAsNumPy() throws {
        let values = expectedFloats(12).map { Float($0) }
        let encoded = NPYCodec.encode(NPYArray(shape: [4, 3], elements: .float32(values)))
        #expect(encoded == (try fixture("f4_2d")))
        let doubles = NPYCodec.encode(NPYArray(shape: [4, 3], elements: .float64(expectedFloats(12))))
        #expect(doubles == (try fixture("f8_2d")))
        let ints = NPYCodec.encode(NPYArray(shape: [7], elements: .int64((0..<7).map { $0 - 3 })))
        #expect(ints == (try fixture("i8_1d")))
    }

    @Test func roundTripsEveryElementType() throws {
        let arrays = [
            NPYArray(shape: [2, 2], elements: .float32([1.5, -0, .infinity, 3])),
            NPYArray(shape: [3], elements: .float64([1e-300, -2, .pi])),
            NPYArray(shape: [0, 5], elements: .int64([])),
            NPYArray(shape: [], elements: .int64([Int.min])),
        ]
        for array in arrays {
            let data = NPYCodec.encode(array)
            #expect(try NPYCodec.decode(data) == array)
            // Data starts at a multiple of 64 bytes, as NumPy writes.
            let headerLength = Int(data[8]) | Int(data[9]) << 8
            #expect((10 + headerLength) % 64 == 0)
        }
    }
}
