import Foundation
import Testing

@testable import Imaging

/// Decoding every PNG colour type and bit depth and JPEG, against files PIL wrote
/// (Fixtures/make_image_fixtures.py); broken files give a named error.
@Suite struct ImageDecoderTests {
    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    /// value(x, y) of the fixtures, in [0, 1].
    static func expected(_ x: Int, _ y: Int) -> Float { Float((x * 17 + y * 29) % 256) / 255 }

    @Test(arguments: [
        ("gray8.png", 1), ("gray16.png", 1), ("gray_alpha.png", 1), ("rgb8.png", 3), ("rgba8.png", 3),
        ("palette.png", 3),
    ])
    func losslessFormatsDecodeExactly(_ file: String, _ channels: Int) throws {
        let image = try ImageDecoder.decode(try Self.data(file))
        #expect(image.width == 12 && image.height == 8 && image.channels == channels)
        for y in 0..<8 {
            for x in 0..<12 {
                for c in 0..<channels {
                    #expect(abs(image[x, y, c] - Self.expected(x, y)) < 1e-6, "\(file) (\(x), \(y), \(c))")
                }
            }
        }
    }

    @Test func bilevelImagesBecomeBlackAndWhite() throws {
        let image = try ImageDecoder.decode(try Self.data("bilevel.png"))
        #expect(Set(image.pixels) == [0, 1])
        #expect(image[0, 0, 0] == 0 && image[11, 7, 0] == (Self.expected(11, 7) > 127 / 255 ? 1 : 0))
    }

    @Test(arguments: [("gray.jpg", 1), ("rgb.jpg", 3)])
    func jpegDecodesClosely(_ file: String, _ channels: Int) throws {
        let image = try ImageDecoder.decode(try Self.data(file))
        #expect(image.width == 12 && image.height == 8 && image.channels == channels)
        // Quality 100 is still lossy: compare within a few levels.
        let worst = (0..<8).flatMap { y in (0..<12).map { x in abs(image[x, y, 0] - Self.expected(x, y)) } }.max()!
        #expect(worst < 8 / 255)
    }

    @Test func brokenFilesAreNamedErrors() throws {
        #expect(throws: ImageError.self) { try ImageDecoder.decode(try Self.data("truncated.png")) }
        #expect(throws: ImageError.self) { try ImageDecoder.decode(try Self.data("truncated.jpg")) }
        #expect(throws: ImageError.unknownFormat) { try ImageDecoder.decode(try Self.data("not_an_image.png")) }
        #expect(throws: ImageError.empty) { try ImageDecoder.decode(try Self.data("empty.png")) }
        // Headers asking for 400 megapixels and 4.2 gigapixels are refused before any pixel memory.
        #expect(throws: ImageError.tooLarge(width: 20000, height: 20000)) { try ImageDecoder.decode(try Self.data("huge.png")) }
        #expect(throws: ImageError.tooLarge(width: 65000, height: 65000)) { try ImageDecoder.decode(try Self.data("huge.jpg")) }
        #expect(
            ImageError.tooLarge(width: 20000, height: 20000).description
                == "the image is 20000 × 20000 pixels; Litmus reads images of up to 100 megapixels (shrink it first)")
        let truncated = try Self.data("truncated.png")
        #expect {
            try ImageDecoder.decode(truncated)
        } throws: { error in
            (error as? ImageError)?.description.hasPrefix("the PNG data cannot be decoded:") == true
        }
    }

    @Test func resizeMatchesPILsAntialiasedBilinear() throws {
        let sourceURL = try #require(Bundle.module.url(forResource: "resize_source", withExtension: "npy", subdirectory: "Fixtures"))
        let raw = try Data(contentsOf: sourceURL)
        // A float32 .npy with a 128-byte header (NumPy 2 writes v1 headers padded to 64 bytes).
        let headerLength = Int(raw[8]) | Int(raw[9]) << 8
        let floats = raw.dropFirst(10 + headerLength).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let source = Image(width: 53, height: 37, channels: 1, pixels: floats)
        let reference = try JSONDecoder().decode([String: [Double]].self, from: try Self.data("resize.json"))
        for (size, values) in reference {
            let parts = size.split(separator: "x").map { Int($0)! }
            let resized = Resampler().resize(source, width: parts[0], height: parts[1])
            for (ours, theirs) in zip(resized.pixels, values) {
                #expect(abs(Double(ours) - theirs) < 1e-5, "\(size)")
            }
        }
    }

    @Test func preprocessingFollowsTorchvisionAndKeras() {
        let pixel = Image(width: 1, height: 1, channels: 3, pixels: [1, 0.5, 0])
        let torch = Preprocessing.torchvision.input(pixel, side: 1)
        // 0.5 is rounded to 8 bits (128) as Pillow holds it.
        #expect(abs(torch[0] - (1 - 0.485) / 0.229) < 1e-6 && abs(torch[1] - (128.0 / 255 - 0.456) / 0.224) < 1e-6)
        #expect(abs(torch[2] - (0 - 0.406) / 0.225) < 1e-6)
        for pipeline in [Preprocessing.caffe, .keras] {
            let caffe = pipeline.input(pixel, side: 1)
            // BGR order, 0…255, minus the means.
            #expect(abs(caffe[0] - (0 - 103.939)) < 1e-4 && abs(caffe[2] - (255 - 123.68)) < 1e-4)
        }
        let grey = Image(width: 1, height: 1, channels: 1, pixels: [0.25])
        #expect(grey.rgb().pixels == [0.25, 0.25, 0.25])
    }
}
