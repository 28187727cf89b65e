import LinearAlgebra

/// The random draws of the distribution metrics: each comes from its own stream, named by what it is
/// for and its index, so that no two draws share a generator state and each is the same whichever
/// thread makes it.
enum Subsets {
    /// What a stream is for: streams of different purposes are independent for one seed.
    enum Purpose: UInt64 {
        case fdInfinity = 1, kernelSubsets, permutations, resamples
    }

    /// `count` distinct indices of 0..<n (a partial Fisher–Yates shuffle), in the order drawn.
    static func distinct(_ count: Int, of n: Int, using generator: inout SeededGenerator) -> [Int] {
        var pool = Array(0..<n)
        for i in 0..<min(count, n) {
            let j = i + Int(generator.next() % UInt64(n - i))
            pool.swapAt(i, j)
        }
        return Array(pool.prefix(count))
    }

    /// The generator of stream `stream` of `purpose` under `seed`: the three are mixed by SplitMix64's
    /// finaliser in turn, so neighbouring seeds or streams give unrelated states.
    static func generator(seed: UInt64, purpose: Purpose, stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: mix(mix(mix(seed) ^ purpose.rawValue) ^ stream))
    }

    /// SplitMix64's output function: a bijection of 64-bit words with full avalanche.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
