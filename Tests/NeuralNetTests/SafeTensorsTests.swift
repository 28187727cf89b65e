import Foundation
import NeuralNet
import Testing

/// The safetensors reader against files written by the reference package (Fixtures/make_safetensors_fixtures.py).
@Suite struct SafeTensorsTests {
    static func file(_ name: String) throws -> Data {
        try Data(contentsOf: try #require(Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures")))
    }

    @Test func readsF32AndF16WithMetadata() throws {
        let file = try SafeTensors(try Self.file("small"))
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors["features.0.weight"]?.shape == [2, 3, 3, 3])
        #expect(try file.floats("features.0.weight") == (0..<54).map { Float($0) * 0.25 - 1 })
        #expect(try file.floats("features.0.bias") == [0.5, -2])
    }

    @Test func readsBF16() throws {
        #expect(try SafeTensors(try Self.file("bf16")).floats("w") == [1, -2.5, 0.15625])
    }

    @Test func brokenFilesAreRejectedWithReasons() throws {
        #expect(throws: SafeTensorsError.self) { try SafeTensors(try Self.file("truncated")) }
        #expect {
            try SafeTensors(try Self.file("gap"))
        } throws: { error in
            (error as? SafeTensorsError)?.description.contains("do not tile the buffer") == true
        }
        #expect(throws: SafeTensorsError.truncated("the file is shorter than its 8-byte header length")) { try SafeTensors(Data([1, 2])) }
        let file = try SafeTensors(try Self.file("small"))
        #expect(throws: SafeTensorsError.missingTensor("features.2.weight")) { try file.floats("features.2.weight") }
    }

    /// Header numbers are untrusted: a shape whose byte count overflows (it crashed the reader once),
    /// offsets beyond Int64, negative or fractional sizes are errors that name the tensor.
    @Test(arguments: [
        (#"{"w":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,0]}}"#, "too large to exist"),
        (#"{"w":{"dtype":"F32","shape":[9223372036854775807,2],"data_offsets":[0,0]}}"#, "too large to exist"),
        (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,18446744073709551620]}}"#, "not whole numbers"),
        (#"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, "not whole numbers"),
        (#"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, "not whole numbers"),
        (#"{"w":{"dtype":"F32","shape":[1e30],"data_offsets":[0,4]}}"#, "not whole numbers"),
        (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}"#, "ends before it starts"),
    ])
    func hostileSizesAreErrors(_ header: String, _ expected: String) {
        var data = Data()
        let json = Data(header.utf8)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        #expect {
            try SafeTensors(data)
        } throws: { error in
            let text = "\(error)"
            return text.contains(expected) && text.contains("`w`")
        }
    }
}
