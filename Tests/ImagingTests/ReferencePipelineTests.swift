import Foundation
import Testing

@testable import Imaging

/// `preprocess: torchvision` and `preprocess: keras` against what Pillow + torchvision's transforms and
/// Keras' load_img + preprocess_input make of real photographs (Fixtures/photos/make_photo_fixtures.py).
@Suite struct ReferencePipelineTests {
    struct Case: Decodable, CustomTestStringConvertible {
        let source: String, pipeline: String, size: Int, resized: String, sum: Double
        var testDescription: String { "\(pipeline) on \(source)" }
    }

    static let cases: [Case] = {
        struct File: Decodable { let cases: [Case] }
        let url = Bundle.module.url(forResource: "cases", withExtension: "json", subdirectory: "Fixtures/photos")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()

    static func image(_ name: String) throws -> Image {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/photos"))
        return try ImageDecoder.decode(Data(contentsOf: url))
    }

    /// The resize is Pillow's to the last bit: the 8-bit image equals the reference's, and the network
    /// input is the reference's normalisation of it.
    @Test(arguments: cases)
    func resizedImageEqualsTheReferencePipelines(_ c: Case) throws {
        let source = try Self.image(c.source)
        let reference = try Self.image(c.resized)
        let ours: [UInt8]
        switch c.pipeline {
        case "torchvision":
            ours = PILResample.bilinear(
                Preprocessing.levels(source.rgb()), width: source.width, height: source.height, channels: 3,
                toWidth: c.size, toHeight: c.size)
        default:
            ours = PILResample.nearest(
                Preprocessing.levels(source.rgb()), width: source.width, height: source.height, channels: 3,
                toWidth: c.size, toHeight: c.size)
        }
        let theirs = Preprocessing.levels(reference.rgb())
        let differing = zip(ours, theirs).filter { $0 != $1 }.count
        #expect(differing == 0, "\(differing) of \(theirs.count) samples differ")
        let planes = (c.pipeline == "torchvision" ? Preprocessing.torchvision : .keras).input(source, side: c.size)
        let sum = planes.reduce(0.0) { $0 + Double($1) }
        #expect(abs(sum - c.sum) <= 1e-6 * Double(planes.count) * 3, "sum of the input planes \(sum), reference \(c.sum)")
    }

    /// Pillow's fixed-point bilinear against a naive float version: within one 8-bit level per pass.
    @Test func fixedPointBilinearIsCloseToFloat() {
        var state: UInt64 = 7
        let (w, h) = (37, 23)
        let pixels = (0..<(w * h)).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let image = Image(width: w, height: h, channels: 1, pixels: pixels.map { Float($0) / 255 })
        for (tw, th) in [(11, 9), (64, 50), (37, 8)] {
            let fixed = PILResample.bilinear(pixels, width: w, height: h, channels: 1, toWidth: tw, toHeight: th)
            let float = Resampler().resize(image, width: tw, height: th).pixels
            let worst = zip(fixed, float).map { abs(Float($0) - $1 * 255) }.max()!
            #expect(worst <= 1.0, "\(tw) × \(th): \(worst)")
        }
    }

    @Test func nearestTakesPixelCentres() {
        // 4 → 2 takes input pixels 1 and 3 (centres 1.0 and 3.0); 2 → 4 repeats each twice.
        #expect(PILResample.nearest([10, 20, 30, 40], width: 4, height: 1, channels: 1, toWidth: 2, toHeight: 1) == [20, 40])
        #expect(PILResample.nearest([10, 20], width: 2, height: 1, channels: 1, toWidth: 4, toHeight: 1) == [10, 10, 20, 20])
    }
}
