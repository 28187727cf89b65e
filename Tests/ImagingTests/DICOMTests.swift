import Foundation
import LinearAlgebra
import Testing

@testable import Imaging

/// DICOM through GDCM and the grayscale pipeline, against pydicom's result for each of its test files
/// and the variants Fixtures/dicom/make_dicom_fixtures.py made (cases.json lists them).
@Suite struct DICOMTests {
    struct Case: Decodable, CustomTestStringConvertible {
        let file: String, kind: String, window: Int, expected: String, stride: Int, height: Int, width: Int, channels: Int
        var testDescription: String { "\(file) (\(kind))" }
    }

    struct Malformed: Decodable, CustomTestStringConvertible {
        let file: String, kind: String
        var testDescription: String { file }
    }

    struct Cases: Decodable {
        let decoded: [Case]
        let malformed: [Malformed]
    }

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/dicom"))
    }

    static let cases: Cases = {
        let url = Bundle.module.url(forResource: "cases", withExtension: "json", subdirectory: "Fixtures/dicom")!
        return try! JSONDecoder().decode(Cases.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: cases.decoded)
    func matchesPydicomWithinOneGreyLevel(_ c: Case) throws {
        let decoded = try ImageDecoder.decode(
            contentsOf: try Self.url(c.file), reading: c.window == 1 ? ImageReading() : ImageReading(window: .number(c.window)))
        let image = decoded.image
        #expect(image.width == c.width && image.height == c.height && image.channels == c.channels)
        let reference = try NPYCodec.decode(try Data(contentsOf: try Self.url(c.expected)))
        guard case .int64(let levels) = reference.elements else {
            Issue.record("\(c.expected) is not integer")
            return
        }
        let rows = (c.height + c.stride - 1) / c.stride
        let columns = (c.width + c.stride - 1) / c.stride
        #expect(levels.count == rows * columns * c.channels)
        var worst: Double = 0
        for r in 0..<rows {
            for col in 0..<columns {
                for ch in 0..<c.channels {
                    let ours = Double(image[col * c.stride, r * c.stride, ch])
                    let theirs = Double(levels[(r * columns + col) * c.channels + ch]) / 65535
                    worst = max(worst, abs(ours - theirs))
                }
            }
        }
        #expect(worst <= 1.0 / 255, "\(c.file): largest difference \(worst * 255)/255")
        #expect(decoded.description.format.hasPrefix("DICOM ("))
    }

    @Test(arguments: cases.malformed)
    func malformedFilesAreErrorsNamingTheProblem(_ m: Malformed) throws {
        #expect {
            _ = try ImageDecoder.decode(contentsOf: try Self.url(m.file))
        } throws: { error in
            switch error as? ImageError {
            case .corrupt(format: "DICOM", let reason)?: !reason.isEmpty
            case .tooLarge?: true
            default: false
            }
        }
    }

    @Test func monochrome1ComesOutInverted() throws {
        let m2 = try ImageDecoder.decode(contentsOf: try Self.url("MR_small_implicit.dcm")).image
        let m1 = try ImageDecoder.decode(contentsOf: try Self.url("MR_monochrome1.dcm"))
        #expect(m1.description.transform.contains("inverted (MONOCHROME1)"))
        let worst = zip(m1.image.pixels, m2.pixels).map { abs($0 + $1 - 1) }.max()!
        #expect(worst < 1e-6)
    }

    @Test func namedErrorsForTruncatedAndHostileHeaders() throws {
        let truncated = #expect(throws: ImageError.self) { try ImageDecoder.decode(contentsOf: try Self.url("MR_truncated.dcm")) }
        #expect(truncated?.description.contains("truncated") == true)
        let frames = #expect(throws: ImageError.self) { try ImageDecoder.decode(contentsOf: try Self.url("hostile_frames.dcm")) }
        #expect(frames?.description.contains("Number of Frames (0028,0008) is 2147483647") == true)
        let bits = #expect(throws: ImageError.self) { try ImageDecoder.decode(contentsOf: try Self.url("hostile_bits.dcm")) }
        #expect(bits?.description.contains("Bits Allocated (0028,0100) is 64") == true)
        #expect(throws: ImageError.tooLarge(width: 65535, height: 65535)) {
            try ImageDecoder.decode(contentsOf: try Self.url("hostile_rows_columns.dcm"))
        }
    }

    @Test func windowsAndFramesAreChosenOrRefused() throws {
        let two = try Self.url("MR_two_windows.dcm")
        let first = try ImageDecoder.decode(contentsOf: two).description.transform
        #expect(first == "window centre 600, width 1600 (LINEAR_EXACT) (window 1 of 2)")
        #expect(
            try ImageDecoder.decode(contentsOf: two, reading: ImageReading(window: .number(2))).description.transform
                == "window centre 300, width 400 (LINEAR_EXACT) (window 2 of 2)")
        #expect(throws: ImageError.option("window 3 was asked for; the file has 2 windows")) {
            try ImageDecoder.decode(contentsOf: two, reading: ImageReading(window: .number(3)))
        }
        let none = try ImageDecoder.decode(contentsOf: two, reading: ImageReading(window: .none))
        #expect(none.description.transform.hasPrefix("linear -32768 … 32767 to 0 … 1"))
        let range = try ImageDecoder.decode(contentsOf: two, reading: ImageReading(window: .range)).image.pixels
        #expect(range.min() == 0 && range.max() == 1)
        let frames = try Self.url("SC_rgb_rle_2frame.dcm")
        let second = try ImageDecoder.decode(contentsOf: frames, reading: ImageReading(frame: 2)).image
        #expect(second.channels == 3 && second.width == 100)
        #expect(throws: ImageError.option("frame 3 was asked for; the file has 2 frames")) {
            try ImageDecoder.decode(contentsOf: frames, reading: ImageReading(frame: 3))
        }
    }

    @Test func filesWithoutAnExtensionAreFoundByTheirPreamble() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("litmus-dicom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bare = folder.appendingPathComponent("IM000001")
        try FileManager.default.copyItem(at: try Self.url("MR_small_RLE.dcm"), to: bare)
        let decoded = try ImageDecoder.decode(contentsOf: bare)
        #expect(decoded.description.format == "DICOM (RLE Lossless)" && decoded.image.width == 64)
        // Without the preamble a file is DICOM only by its .dcm name.
        let data = try Data(contentsOf: bare).dropFirst(132)
        #expect(throws: ImageError.unknownFormat) { try ImageDecoder.decode(Data(data)) }
    }

    @Test func headerSizesAreCheckedForOverflow() {
        let g = DICOMFile.Geometry(
            columns: 1 << 31, rows: 1 << 31, frames: 1 << 31, samplesPerPixel: 3, bitsAllocated: 32, bitsStored: 32,
            highBit: 31, signed: false, planar: false, photometric: "RGB", transferSyntax: "",
            bigEndian: false, deflated: false)
        #expect(DICOMFile.decodedBytes(g) == nil)
    }
}
