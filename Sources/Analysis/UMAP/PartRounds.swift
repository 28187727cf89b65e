/// The order in which one epoch works through the tiles of the edge set (edges from part a to part b),
/// so that the tasks run at the same time never touch the same vertex: first every part's own tile,
/// then rounds of disjoint pairs of parts (a round-robin tournament by the circle method), each pair's
/// task doing both of its tiles. Every tile comes once per epoch.
struct PartRounds: Equatable {
    /// Per round its tasks: a pair of parts, or (a, a) for part a's own tile.
    let rounds: [[Pair]]

    struct Pair: Equatable { let first: Int, second: Int }

    init(parts: Int) {
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
        self.rounds = rounds
    }
}
