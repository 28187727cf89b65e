/// The Wilson score interval of a share of n items (Wilson 1927): for a share whose items are independent
/// given the other set (precision, recall, coverage, the 1-NN accuracy), what resampling the items
/// approximates, but not collapsing to a point at 0 or 1 — 10 of 10 items inside gives [0.72, 1], not
/// [1, 1].
public enum WilsonInterval {
    /// The central 95 % interval of `share` observed over `count` items.
    public static func of(share: Double, count: Int) -> ClosedRange<Double> {
        guard count > 0 else { return 0...1 }
        let z = ItemResampling.normalQuantile
        let n = Double(count)
        let centre = (share + z * z / (2 * n)) / (1 + z * z / n)
        let half = z * (share * (1 - share) / n + z * z / (4 * n * n)).squareRoot() / (1 + z * z / n)
        return max(0, centre - half)...min(1, centre + half)
    }
}
