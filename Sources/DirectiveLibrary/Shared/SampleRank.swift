/// A seeded pseudo-random rank of a name, the same on every machine: FNV-1a over the name's UTF-8
/// bytes, mixed with the seed by SplitMix64's finaliser. Sampling the names that rank first keeps a
/// sample stable when names are added or removed elsewhere (bottom-k sampling).
enum SampleRank {
    static func of(_ name: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var z = hash ^ (seed &+ 0x9E37_79B9_7F4A_7C15)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
