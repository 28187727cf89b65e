import CCairo
import Foundation

/// Decoded PNG pixels (premultiplied ARGB32, as Cairo stores them), for comparing figures.
public struct PNGPixels: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let argb: [UInt32]

    /// Decodes PNG bytes with Cairo; `nil` when they are not a PNG.
    public init?(_ png: [UInt8]) {
        final class Source {
            var bytes: [UInt8]
            var offset = 0
            init(_ b: [UInt8]) { bytes = b }
        }
        let source = Source(png)
        let read: cairo_read_func_t = { closure, data, length in
            let source = Unmanaged<Source>.fromOpaque(closure!).takeUnretainedValue()
            let count = Int(length)
            guard source.offset + count <= source.bytes.count, let data else { return CAIRO_STATUS_READ_ERROR }
            source.bytes.withUnsafeBufferPointer { data.update(from: $0.baseAddress! + source.offset, count: count) }
            source.offset += count
            return CAIRO_STATUS_SUCCESS
        }
        guard
            let surface = withExtendedLifetime(
                source,
                {
                    cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(source).toOpaque())
                })
        else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        var pixels = [UInt32](repeating: 0, count: width * height)
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride)
            for x in 0..<width { pixels[y * width + x] = row.load(fromByteOffset: x * 4, as: UInt32.self) }
        }
        argb = pixels
    }

    /// Pixels whose channels differ by more than `tolerance` (0–255) from `other`'s.
    public func differingPixels(from other: PNGPixels, tolerance: Int) -> [Int] {
        guard width == other.width, height == other.height else { return Array(0..<(width * height)) }
        func channel(_ pixel: UInt32, _ c: Int) -> Int { Int((pixel >> UInt32(8 * c)) & 0xFF) }
        var differing = [Int]()
        for i in argb.indices {
            for c in 0..<4 where abs(channel(argb[i], c) - channel(other.argb[i], c)) > tolerance {
                differing.append(i)
                break
            }
        }
        return differing
    }

    /// A PNG of this image with the given pixels painted magenta: where a figure changed.
    public func highlighting(_ pixels: [Int]) throws -> [UInt8] {
        var marked = argb
        for i in pixels { marked[i] = 0xFFFF_00FF }
        return try Surfaces.png(fromARGB: marked, width: width, height: height)
    }
}
