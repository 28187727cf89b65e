/// Work on pairs of parts of a set (tiles of a symmetric matrix, edges between parts of a graph's
/// vertices) arranged so that the tasks of a round touch disjoint parts and can run at the same time:
/// first every part with itself, then rounds of disjoint pairs (a round-robin tournament by the circle
/// method). Every unordered pair comes once.
public struct PartRounds: Equatable, Sendable {
    /// Per round its tasks: a pair of parts (first < second), or (a, a) for part a with itself.
    public let rounds: [[Pair]]
    /// How many parts the rounds cover.
    public let parts: Int

    public struct Pair: Equatable, Sendable {
        public let first: Int, second: Int
    }

    public init(parts: Int) {
        var rounds = [(0..<parts).map { Pair(first: $0, second: $0) }]
        // Circle method: the last seat stays, the others turn one seat per round; an odd count gets an
        // empty seat, and whoever faces it sits the round out.
        let seats = parts + parts % 2
        for round in 0..<(seats - 1) {
            var pairs = [Pair]()
            for offset in 0..<(seats / 2) {
                let a = offset == 0 ? seats - 1 : (round + offset) % (seats - 1)
                let b = (round - offset + seats - 1) % (seats - 1)
                if a < parts && b < parts { pairs.append(Pair(first: min(a, b), second: max(a, b))) }
            }
            if !pairs.isEmpty { rounds.append(pairs) }
        }
        (self.rounds, self.parts) = (rounds, parts)
    }
}
