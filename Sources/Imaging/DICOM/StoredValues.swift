/// The stored pixel values of one frame as numbers: bits unpacked (1-bit), masked to Bits Stored below
/// High Bit, and sign-extended when Pixel Representation is 1 (PS3.5 8.1.1). Samples stay interleaved.
enum StoredValues {
    static func frame(_ index: Int, of bytes: [UInt8], geometry g: DICOMFile.Geometry) -> [Double] {
        let count = g.columns * g.rows * g.samplesPerPixel
        let shift = max(g.highBit + 1 - g.bitsStored, 0)
        let mask: UInt64 = g.bitsStored >= 64 ? .max : (1 << UInt64(g.bitsStored)) - 1
        let signBit: UInt64 = 1 << UInt64(g.bitsStored - 1)
        func value(_ raw: UInt64) -> Double {
            let stored = (raw >> UInt64(shift)) & mask
            if g.signed && stored & signBit != 0 { return Double(Int64(stored) - Int64(mask) - 1) }
            return Double(stored)
        }
        var out = [Double](repeating: 0, count: count)
        switch g.bitsAllocated {
        case 1:
            let first = index * count
            for i in 0..<count {
                let bit = first + i
                out[i] = Double((bytes[bit >> 3] >> UInt8(bit & 7)) & 1)
            }
        case 8:
            let base = index * count
            for i in 0..<count { out[i] = value(UInt64(bytes[base + i])) }
        case 16:
            bytes.withUnsafeBytes { raw in
                let base = index * count * 2
                for i in 0..<count { out[i] = value(UInt64(raw.loadUnaligned(fromByteOffset: base + 2 * i, as: UInt16.self))) }
            }
        default:
            bytes.withUnsafeBytes { raw in
                let base = index * count * 4
                for i in 0..<count { out[i] = value(UInt64(raw.loadUnaligned(fromByteOffset: base + 4 * i, as: UInt32.self))) }
            }
        }
        return out
    }

    /// For Bits Stored ≤ 16: each sample's stored value as an offset from the smallest value allowed
    /// (`range(g).lowerBound`), so that a table of 2^BitsStored entries maps every sample.
    static func offsets(_ index: Int, of bytes: [UInt8], geometry g: DICOMFile.Geometry) -> [UInt16] {
        precondition(g.bitsStored <= 16)
        let count = g.columns * g.rows * g.samplesPerPixel
        let shift = UInt32(max(g.highBit + 1 - g.bitsStored, 0))
        let mask = UInt32((1 << g.bitsStored) - 1)
        let flip = g.signed ? UInt32(1 << (g.bitsStored - 1)) : 0  // two's complement + 2^(n−1) = offset binary
        var out = [UInt16](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBytes { raw in
                switch g.bitsAllocated {
                case 1:
                    let first = index * count
                    for i in 0..<count {
                        let bit = first + i
                        out[i] = UInt16((raw[bit >> 3] >> UInt8(bit & 7)) & 1)
                    }
                case 8:
                    let base = index * count
                    for i in 0..<count { out[i] = UInt16(truncatingIfNeeded: ((UInt32(raw[base + i]) >> shift) & mask) ^ flip) }
                case 16:
                    let words = raw.baseAddress!.advanced(by: index * count * 2)
                    for i in 0..<count {
                        let word = UInt32(words.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                        out[i] = UInt16(truncatingIfNeeded: ((word >> shift) & mask) ^ flip)
                    }
                default:
                    let words = raw.baseAddress!.advanced(by: index * count * 4)
                    for i in 0..<count {
                        let word = words.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                        out[i] = UInt16(truncatingIfNeeded: ((word >> shift) & mask) ^ flip)
                    }
                }
            }
        }
        return out
    }

    /// The smallest and largest value Bits Stored and Pixel Representation allow.
    static func range(_ g: DICOMFile.Geometry) -> ClosedRange<Double> {
        let levels = Double(sign: .plus, exponent: g.bitsStored, significand: 1)
        return g.signed ? (-levels / 2)...(levels / 2 - 1) : 0...(levels - 1)
    }
}
