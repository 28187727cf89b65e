/// What a `SeedRepeatingDirective`'s `run` is given: its inputs as renders of the same template with
/// other front-matter seeds compute them. Only the steps between the template's random steps and the
/// inputs are rerun, each cached under the key such a render gives it.
public struct SeedRepetitions: Sendable {
    /// The template's own seed: the report's values are those of this seed.
    public let reportSeed: Int
    private let compute: @Sendable ([Int]) throws -> [[String: Value]]
    private let keys: @Sendable (Int) -> [String]

    public init(
        reportSeed: Int, compute: @escaping @Sendable ([Int]) throws -> [[String: Value]],
        keys: @escaping @Sendable (Int) -> [String] = { _ in [] }
    ) {
        (self.reportSeed, self.compute, self.keys) = (reportSeed, compute, keys)
    }

    /// For each seed in order, the step's inputs by option (as `RunContext.inputs`) under `seed: s`.
    /// Several seeds are computed at once where there are cores for them.
    public func inputs(seeds: [Int]) throws -> [[String: Value]] { try compute(seeds) }

    /// The cache keys of the steps rerun for `seed`: once all are in the cache, the seed costs nothing.
    /// None for the report's own seed.
    public func entries(seed: Int) -> [String] { seed == reportSeed ? [] : keys(seed) }
}
