import Foundation

/// Writes a grey image as a minimal DICOM Part 10 file (Explicit VR Little Endian, Secondary Capture),
/// for tests that need DICOM made on the fly. 16-bit unsigned samples, one frame.
public enum DICOMWriter {
    public static func file(
        rows: Int, columns: Int, samples: [UInt16], photometric: String = "MONOCHROME2",
        window: (center: Double, width: Double)? = nil
    ) -> Data {
        precondition(samples.count == rows * columns)
        let sopClass = "1.2.840.10008.5.1.4.1.1.7"
        let instance = "1.2.826.0.1.3680043.2.1125.1.\(rows).\(columns).\(samples.count)"
        var meta = Data()
        meta += element(0x0002, 0x0001, "OB", Data([0, 1]))
        meta += element(0x0002, 0x0002, "UI", text(sopClass, pad: 0))
        meta += element(0x0002, 0x0003, "UI", text(instance, pad: 0))
        meta += element(0x0002, 0x0010, "UI", text("1.2.840.10008.1.2.1", pad: 0))
        meta += element(0x0002, 0x0012, "UI", text("1.2.826.0.1.3680043.2.1125.99", pad: 0))
        var out = Data(count: 128) + Data("DICM".utf8)
        out += element(0x0002, 0x0000, "UL", le(UInt32(meta.count)))
        out += meta
        out += element(0x0008, 0x0016, "UI", text(sopClass, pad: 0))
        out += element(0x0008, 0x0018, "UI", text(instance, pad: 0))
        out += element(0x0008, 0x0060, "CS", text("OT", pad: 0x20))
        out += element(0x0028, 0x0002, "US", le(UInt16(1)))
        out += element(0x0028, 0x0004, "CS", text(photometric, pad: 0x20))
        out += element(0x0028, 0x0010, "US", le(UInt16(rows)))
        out += element(0x0028, 0x0011, "US", le(UInt16(columns)))
        out += element(0x0028, 0x0100, "US", le(UInt16(16)))
        out += element(0x0028, 0x0101, "US", le(UInt16(16)))
        out += element(0x0028, 0x0102, "US", le(UInt16(15)))
        out += element(0x0028, 0x0103, "US", le(UInt16(0)))
        if let window {
            out += element(0x0028, 0x1050, "DS", text(String(window.center), pad: 0x20))
            out += element(0x0028, 0x1051, "DS", text(String(window.width), pad: 0x20))
        }
        out += element(0x7FE0, 0x0010, "OW", samples.reduce(into: Data()) { $0 += le($1) })
        return out
    }

    private static func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: Data) -> Data {
        var out = le(group) + le(element) + Data(vr.utf8)
        if ["OB", "OW", "SQ", "UN", "UT"].contains(vr) { out += Data([0, 0]) + le(UInt32(value.count)) } else { out += le(UInt16(value.count)) }
        return out + value
    }

    private static func text(_ string: String, pad: UInt8) -> Data {
        var data = Data(string.utf8)
        if data.count % 2 == 1 { data.append(pad) }
        return data
    }

    private static func le<T: FixedWidthInteger>(_ value: T) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
}
