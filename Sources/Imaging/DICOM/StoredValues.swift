/// The stored pixel values of one frame: bits unpacked (1-bit), masked to Bits Stored below High Bit,
/// and sign-extended when Pixel Representation is 1 (PS3.5 8.1.1). Samples stay interleaved.
enum StoredValues {
    /// Each sample's stored value as a number.
    static func frame(_ index: Int, of bytes: [UInt8], geometry g: DICOMFile.Geometry) -> [Double] {
        let signBit: UInt32 = 1 << UInt32(g.bitsStored - 1)
        let modulus = Double(sign: .plus, exponent: g.bitsStored, significand: 1)
        var out = [Double](repeating: 0, count: g.columns * g.rows * g.samplesPerPixel)
        out.withUnsafeMutableBufferPointer { out in
            forEachStored(index, of: bytes, geometry: g) { i, stored in
                out[i] = g.signed && stored & signBit != 0 ? Double(stored) - modulus : Double(stored)
            }
        }
        return out
    }

    /// For Bits Stored ≤ 16: each sample's stored value as an offset from the smallest value allowed
    /// (`range(g).lowerBound`), so that a table of 2^BitsStored entries maps every sample.
    static func offsets(_ index: Int, of bytes: [UInt8], geometry g: DICOMFile.Geometry) -> [UInt16] {
        precondition(g.bitsStored <= 16)
        let flip: UInt32 = g.signed ? 1 << UInt32(g.bitsStored - 1) : 0  // two's complement + 2^(n−1) = offset binary
        var out = [UInt16](repeating: 0, count: g.columns * g.rows * g.samplesPerPixel)
        out.withUnsafeMutableBufferPointer { out in
            forEachStored(index, of: bytes, geometry: g) { i, stored in out[i] = UInt16(truncatingIfNeeded: stored ^ flip) }
        }
        return out
    }

    /// Calls `body(sample, bits)` with each sample's Bits Stored bits (shifted down from High Bit, unsigned).
    @inline(__always)
    private static func forEachStored(
        _ index: Int, of bytes: [UInt8], geometry g: DICOMFile.Geometry,
        _ body: (Int, UInt32) -> Void
    ) {
        let count = g.columns * g.rows * g.samplesPerPixel
        let shift = UInt32(max(g.highBit + 1 - g.bitsStored, 0))
        let mask: UInt32 = g.bitsStored >= 32 ? .max : (1 << UInt32(g.bitsStored)) - 1
        bytes.withUnsafeBytes { raw in
            switch g.bitsAllocated {
            case 1:
                let first = index * count
                for i in 0..<count {
                    let bit = first + i
                    body(i, UInt32((raw[bit >> 3] >> UInt8(bit & 7)) & 1))
                }
            case 8:
                let base = index * count
                for i in 0..<count { body(i, (UInt32(raw[base + i]) >> shift) & mask) }
            case 16:
                let words = raw.baseAddress!.advanced(by: index * count * 2)
                for i in 0..<count { body(i, (UInt32(words.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) >> shift) & mask) }
            default:
                let words = raw.baseAddress!.advanced(by: index * count * 4)
                for i in 0..<count { body(i, (words.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self) >> shift) & mask) }
            }
        }
    }

    /// The smallest and largest value Bits Stored and Pixel Representation allow.
    static func range(_ g: DICOMFile.Geometry) -> ClosedRange<Double> {
        let levels = Double(sign: .plus, exponent: g.bitsStored, significand: 1)
        return g.signed ? (-levels / 2)...(levels / 2 - 1) : 0...(levels - 1)
    }
}
