/// xᵇ for the layout's gradients as 2^(b·log₂x), with log₂ and exp₂ as polynomials fitted by
/// `scripts/fit_fast_power.py`: relative error under 1e-5 (that of Float arithmetic on b·log₂x). Branch-free and without
/// trapping conversions, so a loop over several x vectorises; libm's `log2f` and `exp2f` calls took
/// about 40 % of the layout's time.
enum FastPower {
    @inline(__always) static func power(_ x: Float, _ b: Float) -> Float { exp2(b * log2(x)) }

    /// log₂x for x > 0 (subnormal x counts as the smallest normal number): x = m·2ᵉ with m in [√½, √2),
    /// log₂(1 + u) = u·P(u) for u = m − 1.
    @inline(__always) static func log2(_ x: Float) -> Float {
        let bits = Swift.max(x, Float.leastNormalMagnitude).bitPattern
        let raw = Float(bitPattern: (bits & 0x007F_FFFF) | 0x3F80_0000)
        let halve = raw > 1.414_213_6
        let mantissa = halve ? raw * 0.5 : raw
        let exponent = Float(Int32(bitPattern: bits >> 23) &- (halve ? 126 : 127))
        let u = mantissa - 1
        var p: Float = -0.146_205_3
        p = p * u + 0.234_212_62
        p = p * u - 0.248_822_35
        p = p * u + 0.287_075_32
        p = p * u - 0.360_241_92
        p = p * u + 0.480_924_05
        p = p * u - 0.721_352_76
        p = p * u + 1.442_695
        return exponent + u * p
    }

    /// 2ʸ, y clamped to the normal range [−126, 127]: y = k + f with integer k and f in [−½, ½];
    /// 2ᵏ from the exponent bits, 2ᶠ a polynomial. k comes from adding 1.5·2²³, which rounds y to an
    /// integer held in the low mantissa bits.
    @inline(__always) static func exp2(_ y: Float) -> Float {
        let clamped = Swift.min(Swift.max(y, -126), 127)
        let shifted = clamped + 12_582_912
        let k = shifted - 12_582_912
        let f = clamped - k
        var p: Float = 0.001_340_043_7
        p = p * f + 0.009_676_042
        p = p * f + 0.055_503_272
        p = p * f + 0.240_221_07
        p = p * f + 0.693_147_2
        p = p * f + 1.000_000_1
        let scale = Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
        return p * scale
    }
}
