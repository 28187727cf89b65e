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

    /// The smallest and largest value Bits Stored and Pixel Representation allow.
    static func range(_ g: DICOMFile.Geometry) -> ClosedRange<Double> {
        let levels = Double(sign: .plus, exponent: g.bitsStored, significand: 1)
        return g.signed ? (-levels / 2)...(levels / 2 - 1) : 0...(levels - 1)
    }
}
