import CCairo
import Foundation

/// A Cairo drawing context with the few operations figures need. Coordinates are in points.
final class Canvas {
    private let cr: OpaquePointer

    init(context: OpaquePointer) {
        cr = context
        let options = cairo_font_options_create()
        // Same glyph advances in PNG and SVG, whatever the scale: layout must not depend on the backend.
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
    }

    func setColor(_ c: Color) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }

    func fillRectangle(x: Double, y: Double, width: Double, height: Double, color: Color) {
        setColor(color)
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
    }

    /// Many filled rectangles (x, y, width, height) of one colour as one path.
    func fillRectangles(_ rectangles: [(Double, Double, Double, Double)], color: Color) {
        setColor(color)
        for (x, y, w, h) in rectangles { cairo_rectangle(cr, x, y, w, h) }
        cairo_fill(cr)
    }

    func strokeRectangle(x: Double, y: Double, width: Double, height: Double, color: Color, lineWidth: Double) {
        setColor(color)
        cairo_set_line_width(cr, lineWidth)
        cairo_rectangle(cr, x, y, width, height)
        cairo_stroke(cr)
    }

    func line(from a: (Double, Double), to b: (Double, Double), color: Color, width: Double, dash: [Double] = []) {
        polyline([a, b], color: color, width: width, dash: dash)
    }

    func polyline(_ points: [(Double, Double)], color: Color, width: Double, dash: [Double] = []) {
        guard let first = points.first else { return }
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        cairo_set_dash(cr, dash, Int32(dash.count), 0)
        cairo_move_to(cr, first.0, first.1)
        for p in points.dropFirst() { cairo_line_to(cr, p.0, p.1) }
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    /// Filled circles of one colour, batched into one path per call (fast for many points).
    func circles(_ centers: [(Double, Double)], radius: Double, color: Color, outline: Color? = nil) {
        guard !centers.isEmpty else { return }
        setColor(color)
        for (x, y) in centers {
            cairo_new_sub_path(cr)
            cairo_arc(cr, x, y, radius, 0, 2 * .pi)
        }
        if let outline {
            cairo_fill_preserve(cr)
            setColor(outline)
            cairo_set_line_width(cr, 1)
            cairo_stroke(cr)
        } else {
            cairo_fill(cr)
        }
    }

    /// Opaque ARGB32 pixels drawn into a `size × size` square at (x, y), smoothly scaled.
    func image(argb: [UInt32], width: Int, height: Int, x: Double, y: Double, size: Double) {
        guard let surface = Surfaces.imageSurface(argb: argb, width: width, height: height) else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_scale(cr, size / Double(width), size / Double(height))
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    func clip(x: Double, y: Double, width: Double, height: Double) {
        cairo_rectangle(cr, x, y, width, height)
        cairo_clip(cr)
    }

    func resetClip() { cairo_reset_clip(cr) }

    // MARK: Text

    struct TextSize {
        let width: Double
        let ascent: Double
        let descent: Double
        var height: Double { ascent + descent }
    }

    func setFont(size: Double, bold: Bool = false) {
        cairo_select_font_face(
            cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
            bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    func measure(_ text: String) -> TextSize {
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        var font = cairo_font_extents_t()
        cairo_font_extents(cr, &font)
        return TextSize(width: extents.x_advance, ascent: font.ascent, descent: font.descent)
    }

    enum HorizontalAnchor { case left, center, right }
    enum VerticalAnchor { case top, middle, baseline, bottom }

    /// Draws `text` anchored at (x, y); `rotated` turns it 90° counter-clockwise (for a y-axis label).
    func text(
        _ text: String, x: Double, y: Double, color: Color = .text, horizontal: HorizontalAnchor = .left,
        vertical: VerticalAnchor = .baseline, rotated: Bool = false
    ) {
        let size = measure(text)
        let dx: Double =
            switch horizontal {
            case .left: 0
            case .center: -size.width / 2
            case .right: -size.width
            }
        let dy: Double =
            switch vertical {
            case .top: size.ascent
            case .middle: (size.ascent - size.descent) / 2
            case .baseline: 0
            case .bottom: -size.descent
            }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        if rotated { cairo_rotate(cr, -.pi / 2) }
        setColor(color)
        cairo_move_to(cr, dx, dy)
        cairo_show_text(cr, text)
        cairo_restore(cr)
    }
}
