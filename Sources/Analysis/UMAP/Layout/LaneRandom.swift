import LinearAlgebra

/// L'Ecuyer's three-component Tausworthe generator (taus88: the recurrence umap-learn's `tau_rand_int`
/// computes in Int64, which on 32-bit states is exactly this) on eight independent 32-bit lanes, so one
/// step gives the random words of a whole batch of negative samples in a few vector instructions.
struct LaneRandom {
    typealias Words = SIMD8<UInt32>
    private(set) var s0: Words, s1: Words, s2: Words

    /// Lanes seeded from `random`; taus88 needs s0 > 1, s1 > 7 and s2 > 15, so bit 4 is set in each.
    init(_ random: inout SeededGenerator) {
        func words() -> Words {
            var w = Words()
            for lane in 0..<8 { w[lane] = UInt32(truncatingIfNeeded: random.next() >> 32) | 16 }
            return w
        }
        s0 = words()
        s1 = words()
        s2 = words()
    }

    /// The state as 24 words, s0, s1 and s2 in turn, for the C sweep to draw from and update.
    mutating func withWords(_ body: (UnsafeMutablePointer<UInt32>) -> Void) {
        var words = [UInt32](repeating: 0, count: 24)
        for lane in 0..<8 { (words[lane], words[8 + lane], words[16 + lane]) = (s0[lane], s1[lane], s2[lane]) }
        words.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        for lane in 0..<8 { (s0[lane], s1[lane], s2[lane]) = (words[lane], words[8 + lane], words[16 + lane]) }
    }

    @inline(__always) mutating func next() -> Words {
        s0 = ((s0 & 0xFFFF_FFFE) &<< 12) ^ (((s0 &<< 13) ^ s0) &>> 19)
        s1 = ((s1 & 0xFFFF_FFF8) &<< 4) ^ (((s1 &<< 2) ^ s1) &>> 25)
        s2 = ((s2 & 0xFFFF_FFF0) &<< 17) ^ (((s2 &<< 3) ^ s2) &>> 11)
        return s0 ^ s1 ^ s2
    }
}
