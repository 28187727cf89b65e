import Foundation

/// Modality values to display values in [0, 1] (PS3.3 C.11.2): a window with its VOI LUT Function, a
/// VOI LUT, or a linear stretch of a range.
enum VOITransform: Sendable, Equatable {
    enum Function: String, Sendable { case linear = "LINEAR", linearExact = "LINEAR_EXACT", sigmoid = "SIGMOID" }

    case window(center: Double, width: Double, function: Function)
    case lut(LookupTable)
    /// `low` → 0, `high` → 1, linearly (no window: the stored range, or the image's own minimum and maximum).
    case stretch(low: Double, high: Double)

    /// The formulas of C.11.2.1.2 (LINEAR, LINEAR_EXACT) and C.11.2.1.3.1 (SIGMOID) with y in [0, 1].
    func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .window(let c, let w, .linear):
            if x <= c - 0.5 - (w - 1) / 2 { return 0 }
            if x > c - 0.5 + (w - 1) / 2 { return 1 }
            return (x - (c - 0.5)) / (w - 1) + 0.5
        case .window(let c, let w, .linearExact):
            if x <= c - w / 2 { return 0 }
            if x > c + w / 2 { return 1 }
            return (x - c) / w + 0.5
        case .window(let c, let w, .sigmoid):
            return 1 / (1 + exp(-4 * (x - c) / w))
        case .lut(let table):
            return table(x) / table.maxOutput
        case .stretch(let low, let high):
            return high > low ? min(max((x - low) / (high - low), 0), 1) : 0
        }
    }

    var summary: String {
        switch self {
        case .window(let c, let w, let f):
            "window centre \(DICOMText.number(c)), width \(DICOMText.number(w))" + (f == .linear ? "" : " (\(f.rawValue))")
        case .lut(let table): "VOI LUT of \(table.entries.count) entries"
        case .stretch(let low, let high): "linear \(DICOMText.number(low)) … \(DICOMText.number(high)) to 0 … 1"
        }
    }
}
