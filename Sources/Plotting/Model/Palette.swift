/// Categorical colours: Okabe–Ito (colour-blind safe) first, then further distinct hues.
public enum Palette {
    static let categorical: [Color] = [
        0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0xF0E442, 0x000000,
        // Beyond eight classes: tab20's darker/lighter pairs, still distinguishable side by side.
        0x8C564B, 0x7F7F7F, 0xBCBD22, 0x17BECF, 0x393B79, 0xAD494A, 0x637939, 0x9C9EDE,
        0xE7BA52, 0x843C39, 0x5254A3, 0x6B6ECF, 0xB5CF6B, 0xCEDB9C, 0xE7969C, 0xDE9ED6,
    ].map { Color(hex: $0) }

    /// The colour of category `index`; wraps around after the palette's length.
    public static func color(_ index: Int) -> Color {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }
}
