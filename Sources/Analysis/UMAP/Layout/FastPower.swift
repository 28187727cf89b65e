/// xᵇ for the layout's gradients on eight lanes at once, as 2^(b·log₂x) with log₂ and exp₂ as
/// polynomials fitted by `scripts/fit_fast_power.py`: relative error under 1e-5. Branch-free and
/// without trapping conversions, so it compiles to vector instructions; libm's `log2f` and `exp2f`
/// calls took about 40 % of the layout's time.
enum FastPower {
    typealias Lanes = SIMD8<Float>

    @inline(__always) static func power(_ x: Lanes, _ b: Float) -> Lanes { exp2(b * log2(x)) }

    /// log₂x for x > 0 (subnormal x counts as the smallest normal number): x = m·2ᵉ with m in [√½, √2),
    /// log₂(1 + u) = u·P(u) for u = m − 1.
    @inline(__always) static func log2(_ x: Lanes) -> Lanes {
        let floor = Lanes(repeating: .leastNormalMagnitude)
        let bits = unsafeBitCast(x.replacing(with: floor, where: x .< floor), to: SIMD8<UInt32>.self)
        let raw = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: Lanes.self)
        let halve = raw .> 1.414_213_6
        let mantissa = raw.replacing(with: raw * 0.5, where: halve)
        let bias = SIMD8<Int32>(repeating: 127).replacing(with: 126, where: halve)
        let exponent = Lanes(unsafeBitCast(bits &>> 23, to: SIMD8<Int32>.self) &- bias)
        let u = mantissa - 1
        var p = Lanes(repeating: -0.206_860_46)
        p = p * u + 0.318_410_58
        p = p * u - 0.366_413_72
        p = p * u + 0.479_793_64
        p = p * u - 0.721_208_44
        p = p * u + 1.442_701_8
        return exponent + u * p
    }

    /// 2ʸ, y clamped to the normal range [−126, 127]: y = k + f with integer k and f in [−½, ½];
    /// 2ᵏ from the exponent bits, 2ᶠ a polynomial. k comes from adding 1.5·2²³, which rounds y to an
    /// integer held in the low mantissa bits.
    @inline(__always) static func exp2(_ y: Lanes) -> Lanes {
        let low = Lanes(repeating: -126)
        let high = Lanes(repeating: 127)
        let clamped = y.replacing(with: low, where: y .< low).replacing(with: high, where: y .> high)
        let shifted = clamped + 12_582_912
        let k = shifted - 12_582_912
        let f = clamped - k
        var p = Lanes(repeating: 0.009_676_042)
        p = p * f + 0.055_922_078
        p = p * f + 0.240_221_07
        p = p * f + 0.693_121_03
        p = p * f + 1.000_000_1
        let scale = unsafeBitCast(
            (unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- 0x4B40_0000 &+ 127) &<< 23,
            to: Lanes.self)
        return p * scale
    }
}
