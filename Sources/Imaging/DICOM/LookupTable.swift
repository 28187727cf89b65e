/// A Modality or VOI LUT (PS3.3 C.11.1.1): LUT Descriptor (entries, first mapped value, bits) and data.
/// Values below the first mapped value take the first entry, above the last the last entry.
struct LookupTable: Sendable, Equatable {
    let firstMapped: Int
    let entries: [Double]
    let bits: Int

    /// From an item of a Modality or VOI LUT Sequence; throws naming what is wrong.
    init(_ file: DICOMFile, sequence: DICOMTag, item: Int, bigEndian: Bool) throws(ImageError) {
        let name = sequence == .modalityLUTSequence ? "Modality LUT Sequence (0028,3000)" : "VOI LUT Sequence (0028,3010)"
        guard let descriptor = file.numbers(.lutDescriptor, in: sequence, item: item), descriptor.count == 3 else {
            throw .corrupt(format: "DICOM", reason: "item \(item) of the \(name) has no LUT Descriptor (0028,3002) of three numbers")
        }
        let declared = Int(descriptor[0])
        let count = declared == 0 ? 65536 : declared
        guard (1...65536).contains(count), (1...16).contains(Int(descriptor[2])), descriptor[1].magnitude <= 65535 else {
            throw .corrupt(
                format: "DICOM",
                reason: "item \(item) of the \(name) has LUT Descriptor \(descriptor.map { Int($0) }); "
                    + "it must declare 1…65536 entries of 1…16 bits")
        }
        guard let data = file.bytes(.lutData, in: sequence, item: item) else {
            throw .corrupt(format: "DICOM", reason: "item \(item) of the \(name) has no LUT Data (0028,3006)")
        }
        bits = Int(descriptor[2])
        firstMapped = Int(descriptor[1])
        if data.count == count {
            entries = data.map(Double.init)  // 8-bit entries stored one per byte (OB)
        } else if data.count >= 2 * count {
            entries = (0..<count).map { i in
                let (a, b) = (UInt16(data[2 * i]), UInt16(data[2 * i + 1]))
                return Double(bigEndian ? a << 8 | b : b << 8 | a)
            }
        } else {
            throw .corrupt(
                format: "DICOM",
                reason: "the LUT Data of item \(item) of the \(name) has \(data.count) bytes; its descriptor declares \(count) entries")
        }
    }

    init(firstMapped: Int, entries: [Double], bits: Int) {
        (self.firstMapped, self.entries, self.bits) = (firstMapped, entries, bits)
    }

    func callAsFunction(_ x: Double) -> Double {
        let index = Int(max(min(x.rounded(.down) - Double(firstMapped), Double(entries.count - 1)), 0))
        return entries[index]
    }

    /// The largest value an entry can hold (2^bits − 1).
    var maxOutput: Double { Double((1 << bits) - 1) }
}
