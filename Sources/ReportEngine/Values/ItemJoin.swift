/// Aligns results by item id: the seed report compares MOST's clustering in two experiments over the
/// MOST images common to both.
public enum ItemJoin {
    /// Positions in `b` of each id of `a` that `b` also has, in `a`'s order.
    public static func common(_ a: [String], _ b: [String]) -> [(a: Int, b: Int)] {
        let positions = Dictionary(b.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return a.enumerated().compactMap { i, id in positions[id].map { (i, $0) } }
    }

    /// Label values as text and, when numeric, as integers.
    public static func integers(_ labels: ItemLabels) -> [Int]? {
        if case .ints(let v) = labels.column { return v }
        return nil
    }
}
