/// Continuous colour scales for heatmaps: perceptual ones (viridis, the default; inferno), turbo, and JET
/// as OpenCV computes it (Grad-CAM papers use it).
public enum Colormap: String, Sendable, CaseIterable {
    case viridis, inferno, turbo, jet

    /// The colour at `t` in [0, 1] (clamped; NaN gives the lowest colour).
    public func color(_ t: Double) -> Color {
        let x = t.isNaN ? 0 : min(max(t, 0), 1)
        let index = Int((x * 255).rounded())
        switch self {
        case .viridis: return Color(hex: ColormapTables.viridis[index])
        case .inferno: return Color(hex: ColormapTables.inferno[index])
        case .turbo: return Color(hex: ColormapTables.turbo[index])
        case .jet:
            let (r, g, b) = Self.jet(UInt8(index))
            return Color(red: Double(r) / 255, green: Double(g) / 255, blue: Double(b) / 255)
        }
    }

    /// OpenCV's COLORMAP_JET for v = 0…255 (docs/algorithms.md, "Grad-CAM").
    public static func jet(_ v: UInt8) -> (UInt8, UInt8, UInt8) {
        let v = Int(v)
        func clamp(_ x: Int) -> UInt8 { UInt8(min(max(x, 0), 255)) }
        let r = clamp(min(4 * v - 382, 1148 - 4 * v))
        let g = clamp(min(4 * v - 128, 892 - 4 * v))
        let b = v == 159 ? 1 : clamp(min(4 * v + 128, 638 - 4 * v))
        return (r, g, b)
    }
}
