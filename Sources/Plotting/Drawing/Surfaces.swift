import CCairo
import Foundation

/// Runs a drawing closure on a Cairo PNG surface and on an SVG surface, collecting the bytes.
enum Surfaces {
    enum Failure: Error, CustomStringConvertible {
        case cairo(String)
        var description: String {
            switch self {
            case .cairo(let why): "Cairo could not draw the figure: \(why)"
            }
        }
    }

    /// Byte sink for Cairo's stream writers.
    private final class ByteSink { var bytes: [UInt8] = [] }

    private static let write: cairo_write_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }

    static func png(
        widthPoints: Double, heightPoints: Double, dpi: Double,
        draw: (Canvas) -> Void
    ) throws -> (bytes: [UInt8], width: Int, height: Int) {
        let scale = dpi / 72
        let w = Int((widthPoints * scale).rounded())
        let h = Int((heightPoints * scale).rounded())
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h)) else {
            throw Failure.cairo("no image surface")
        }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw Failure.cairo("no context") }
        cairo_scale(cr, scale, scale)
        draw(Canvas(context: cr))
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, write, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw Failure.cairo(String(cString: cairo_status_to_string(status))) }
        return (sink.bytes, w, h)
    }

    /// A Cairo image surface holding premultiplied ARGB32 pixels (row-major); the caller destroys it.
    static func imageSurface(argb pixels: [UInt32], width: Int, height: Int) -> OpaquePointer? {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else { return nil }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(data + y * stride)
            for x in 0..<width { row.storeBytes(of: pixels[y * width + x], toByteOffset: x * 4, as: UInt32.self) }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }

    /// Encodes premultiplied ARGB32 pixels as PNG.
    static func png(fromARGB pixels: [UInt32], width: Int, height: Int) throws -> [UInt8] {
        guard let surface = imageSurface(argb: pixels, width: width, height: height) else { throw Failure.cairo("no image surface") }
        defer { cairo_surface_destroy(surface) }
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, write, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw Failure.cairo(String(cString: cairo_status_to_string(status))) }
        return sink.bytes
    }

    static func svg(widthPoints: Double, heightPoints: Double, draw: (Canvas) -> Void) throws -> [UInt8] {
        let sink = ByteSink()
        let opaque = Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_svg_surface_create_for_stream(write, opaque, widthPoints, heightPoints) else {
            throw Failure.cairo("no SVG surface")
        }
        cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
        guard let cr = cairo_create(surface) else { throw Failure.cairo("no context") }
        draw(Canvas(context: cr))
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw Failure.cairo(String(cString: cairo_status_to_string(status))) }
        return withExtendedLifetime(sink) { sink.bytes }
    }
}
