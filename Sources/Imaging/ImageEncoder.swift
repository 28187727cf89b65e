import CImageCodecs
import Foundation

/// Writes images as PNG (8-bit grey for grey images; colour is converted to grey luma).
public enum ImageEncoder {
    public static func pngGray8(_ image: Image) throws(ImageError) -> Data {
        let grey = image.grey()
        let bytes = grey.pixels.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = litmus_png_encode_gray8(bytes, UInt32(grey.width), UInt32(grey.height), &output, &size, &message, message.count)
        guard status == 0, let output else {
            throw .corrupt(format: "PNG", reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { free(output) }
        return Data(bytes: output, count: size)
    }
}
