/// NumPy's legacy `RandomState` stream (MT19937 with `init_genrand`), for reproducing scikit-learn's
/// random choices exactly when given the same integer `random_state` (docs/algorithms.md, "NumPy's random stream").
public struct NumPyRandomState: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// - Parameter seed: in 0 … 2³² − 1, as NumPy requires.
    public init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    /// The next 32-bit output of MT19937.
    public mutating func nextUInt32() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// `random_sample()`: a double in [0, 1) from two 32-bit outputs.
    public mutating func randomSample() -> Double {
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864 + b) / 9_007_199_254_740_992
    }

    /// `choice(n, p=p)`: an index drawn with probabilities `p` (normalised by their cumulative sum).
    public mutating func choice(probabilities p: [Double]) -> Int {
        var cdf = [Double](repeating: 0, count: p.count)
        var sum = 0.0
        for i in p.indices {
            sum += p[i]
            cdf[i] = sum
        }
        let total = cdf.last ?? 1
        for i in cdf.indices { cdf[i] /= total }
        let u = randomSample()
        // searchsorted(side='right'): the number of entries ≤ u.
        var low = 0
        var high = cdf.count
        while low < high {
            let mid = (low + high) / 2
            if cdf[mid] <= u { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
            var next = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_B0DF }
            state[i] = next
        }
        index = 0
    }
}
