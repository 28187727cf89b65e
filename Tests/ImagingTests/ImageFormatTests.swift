import Foundation
import Testing

@testable import Imaging

/// The formats as values: each recognises its own files, and what reads formats (the decoder's error,
/// the extensions a folder lists) names every one of them.
@Suite struct ImageFormatTests {
    static func head(_ path: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: path, withExtension: nil, subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url).prefix(ImageFormat.headLength))
    }

    @Test(arguments: [
        ("rgb8.png", "PNG"), ("gray16.png", "PNG"), ("gray.jpg", "JPEG"), ("rgb.jpg", "JPEG"), ("dicom/MR_small_implicit.dcm", "DICOM"),
    ])
    func eachFormatRecognisesItsFiles(_ file: String, _ format: String) throws {
        #expect(ImageFormat.sniffed(try Self.head(file))?.name == format)
    }

    @Test func nothingElseIsSniffed() throws {
        #expect(ImageFormat.sniffed(try Self.head("not_an_image.png")) == nil)
        #expect(ImageFormat.sniffed([]) == nil)
    }

    @Test func everyFormatIsNamedAndListed() {
        let message = ImageError.unknownFormat.description
        for format in ImageFormat.all {
            #expect(message.contains(format.name), "the unknown-format message misses \(format.name)")
            for ext in format.extensions {
                #expect(ImageFormat.named(byExtension: ext.uppercased())?.name == format.name)
                #expect(ImageFormat.allExtensions.contains(ext))
            }
        }
        #expect(ImageFormat.names == "PNG, JPEG or DICOM")
        #expect(message.contains("a DICOM file without the `DICM` preamble must be named .dcm"))
    }

    @Test func tailChecksFindTruncatedFiles() throws {
        let png = try #require(ImageFormat.png.tailProblem)
        let jpeg = try #require(ImageFormat.jpeg.tailProblem)
        #expect(png(Array("IEND".utf8) + [0, 0, 0, 0]) == nil && png([1, 2, 3]) != nil)
        #expect(jpeg([0x00, 0xFF, 0xD9]) == nil && jpeg([0xFF]) != nil)
        #expect(ImageFormat.dicom.tailProblem == nil)
    }
}
