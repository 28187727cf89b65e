import CDICOM
import Foundation

/// A DICOM file read by GDCM (in a child process: see litmus_dicom.h): its pixel module, the attributes
/// the grayscale pipeline needs and its decoded frames. Every size in the header is checked here.
final class DICOMFile {
    /// The image module's sizes as the header declares them.
    struct Geometry: Sendable {
        let columns: Int, rows: Int, frames: Int
        let samplesPerPixel: Int
        let bitsAllocated: Int, bitsStored: Int, highBit: Int
        let signed: Bool
        let planar: Bool
        var photometric: String
        let transferSyntax: String
        /// Explicit VR Big Endian: multi-byte values in the file (LUT Data) are big endian.
        let bigEndian: Bool
        /// Deflated Explicit VR Little Endian: the file holds the data set compressed.
        let deflated: Bool
    }

    /// The most frames read from one file, and the most decoded bytes: far above any radiograph series,
    /// and they bound what a header can ask for.
    static let maxFrames = 10_000
    static let maxDecodedBytes = 4 << 30

    private let handle: OpaquePointer
    private let fileBytes: [UInt8]
    let geometry: Geometry

    /// LUT sequence items read at most (a file may offer several VOI LUTs to choose from).
    static let maxItems = 64
    /// How long GDCM may take over one file before it is stopped.
    static let maxSeconds = 120

    init(_ bytes: [UInt8]) throws(ImageError) {
        var message = [CChar](repeating: 0, count: 512)
        let attributes = DICOMTag.pipelineAttributes.map { a in
            litmus_dicom_attribute(
                sequence_group: a.sequence?.group ?? 0, sequence_element: a.sequence?.element ?? 0,
                group: a.tag.group, element: a.tag.element)
        }
        let limits = litmus_dicom_limits(
            max_pixels: UInt64(ImageDecoder.maxPixels), max_frames: UInt32(Self.maxFrames),
            max_decoded_bytes: UInt64(Self.maxDecodedBytes), max_items: UInt32(Self.maxItems),
            seconds: UInt32(Self.maxSeconds))
        guard let handle = litmus_dicom_open(bytes, bytes.count, attributes, attributes.count, limits, &message, message.count) else {
            throw .corrupt(format: "DICOM", reason: Self.text(message))
        }
        self.handle = handle
        fileBytes = bytes
        var raw = litmus_dicom_geometry()
        litmus_dicom_geometry_of(handle, &raw)
        let photometric = withUnsafeBytes(of: raw.photometric) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let syntax = withUnsafeBytes(of: raw.transfer_syntax) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        geometry = Geometry(
            columns: Int(raw.columns), rows: Int(raw.rows), frames: Int(raw.frames),
            samplesPerPixel: Int(raw.samples_per_pixel), bitsAllocated: Int(raw.bits_allocated),
            bitsStored: Int(raw.bits_stored), highBit: Int(raw.high_bit), signed: raw.pixel_representation == 1,
            planar: raw.planar_configuration == 1, photometric: photometric, transferSyntax: syntax,
            bigEndian: raw.big_endian != 0, deflated: raw.deflated != 0)
        try Self.check(geometry)  // a throw from here on runs deinit, which closes the handle
    }

    deinit { litmus_dicom_close(handle) }

    /// Rows, Columns, frames, samples and bits must be sane and their product must fit before anything
    /// is allocated (a header may declare 65535 × 65535 × 2³¹ frames).
    private static func check(_ g: Geometry) throws(ImageError) {
        func bad(_ field: String, _ value: Int, _ expected: String) -> ImageError {
            .corrupt(format: "DICOM", reason: "\(field) is \(value); \(expected)")
        }
        guard g.columns > 0 else { throw bad("Columns (0028,0011)", g.columns, "an image needs at least one column") }
        guard g.rows > 0 else { throw bad("Rows (0028,0010)", g.rows, "an image needs at least one row") }
        guard (1...maxFrames).contains(g.frames) else { throw bad("Number of Frames (0028,0008)", g.frames, "Litmus reads 1…\(maxFrames)") }
        guard g.samplesPerPixel == 1 || g.samplesPerPixel == 3 else {
            throw bad("Samples per Pixel (0028,0002)", g.samplesPerPixel, "Litmus reads 1 (grey) or 3 (colour)")
        }
        guard [1, 8, 16, 32].contains(g.bitsAllocated) else {
            throw bad("Bits Allocated (0028,0100)", g.bitsAllocated, "Litmus reads 1, 8, 16 or 32")
        }
        guard (1...g.bitsAllocated).contains(g.bitsStored) else {
            throw bad("Bits Stored (0028,0101)", g.bitsStored, "it must be 1…Bits Allocated (\(g.bitsAllocated))")
        }
        let (pixels, overflow) = g.columns.multipliedReportingOverflow(by: g.rows)
        guard !overflow, pixels <= ImageDecoder.maxPixels else { throw .tooLarge(width: g.columns, height: g.rows) }
        guard let bytes = decodedBytes(g), bytes <= maxDecodedBytes else {
            throw .corrupt(
                format: "DICOM",
                reason: "\(g.frames) frames of \(g.columns) × \(g.rows) × \(g.samplesPerPixel) samples of \(g.bitsAllocated) bits "
                    + "need more than \(maxDecodedBytes >> 30) GiB decoded; Litmus does not read files this large")
        }
    }

    /// Rows × Columns × samples × frames × bits / 8, nil on overflow.
    static func decodedBytes(_ g: Geometry) -> Int? {
        var total = g.columns
        for factor in [g.rows, g.samplesPerPixel, g.frames] {
            let (product, overflow) = total.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            total = product
        }
        let (bits, overflow) = total.multipliedReportingOverflow(by: g.bitsAllocated)
        return overflow ? nil : (bits + 7) / 8
    }

    /// The text of a top-level attribute, or of one in item `item` (1-based) of a top-level sequence.
    func string(_ tag: DICOMTag, in sequence: DICOMTag? = nil, item: Int = 1) -> String? {
        var out = [CChar](repeating: 0, count: 4096)
        let length = litmus_dicom_string(
            handle, sequence?.group ?? 0, sequence?.element ?? 0, sequence == nil ? 0 : UInt32(clamping: item),
            tag.group, tag.element, &out, out.count)
        return length < 0 ? nil : Self.text(out)
    }

    /// The backslash-separated numbers of an attribute (DS, IS, US, SS); nil when absent or not numbers.
    func numbers(_ tag: DICOMTag, in sequence: DICOMTag? = nil, item: Int = 1) -> [Double]? {
        guard let text = string(tag, in: sequence, item: item) else { return nil }
        let values = text.split(separator: "\\", omittingEmptySubsequences: false).map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        return values.map { $0! }
    }

    func items(of sequence: DICOMTag) -> Int {
        litmus_dicom_items(handle, sequence.group, sequence.element)
    }

    /// The raw bytes of an attribute in item `item` of a sequence (LUT Data).
    func bytes(_ tag: DICOMTag, in sequence: DICOMTag, item: Int) -> [UInt8]? {
        let length = litmus_dicom_bytes(handle, sequence.group, sequence.element, UInt32(clamping: item), tag.group, tag.element, nil, 0)
        guard length >= 0, length <= 1 << 20 else { return nil }  // a LUT has at most 65536 entries of 2 bytes
        var out = [UInt8](repeating: 0, count: length)
        _ = litmus_dicom_bytes(handle, sequence.group, sequence.element, UInt32(clamping: item), tag.group, tag.element, &out, out.count)
        return out
    }

    /// Every frame decoded, samples in host byte order.
    func decodedFrames() throws(ImageError) -> [UInt8] {
        let expected = Self.decodedBytes(geometry)!
        // Native (uncompressed) pixel data must hold every frame, and be in the file: GDCM fills a value
        // cut short by the end of the file with zeros (and only warns).
        let declared = litmus_dicom_native_pixel_bytes(handle)
        // YBR_FULL_422 stores two luma samples and one chroma pair per two pixels (PS3.3 C.7.6.3.1.2).
        let native = geometry.photometric == "YBR_FULL_422" ? expected / 3 * 2 : expected
        if declared >= 0 && declared < native {
            throw .corrupt(
                format: "DICOM", reason: "Pixel Data (7FE0,0010) has \(declared) bytes; Rows × Columns × frames × samples × bits need \(native)")
        }
        // (A deflated data set is not in the file as such: there inflating it is GDCM's check.)
        let pixelDataTag: [UInt8] = geometry.bigEndian ? [0x7F, 0xE0, 0x00, 0x10] : [0xE0, 0x7F, 0x10, 0x00]
        if declared > 0 && !geometry.deflated && !Self.valueFits(tag: pixelDataTag, length: Int(declared), in: fileBytes) {
            throw .corrupt(
                format: "DICOM", reason: "the file is truncated: Pixel Data (7FE0,0010) declares \(declared) bytes and the file ends before them")
        }
        let length = litmus_dicom_buffer_length(handle)
        guard length == UInt64(expected) else {
            throw .corrupt(
                format: "DICOM",
                reason: "GDCM's decoded size (\(length) bytes) does not match Rows × Columns × frames × samples × bits (\(expected) bytes)")
        }
        var out = [UInt8](repeating: 0, count: expected)
        var message = [CChar](repeating: 0, count: 512)
        guard litmus_dicom_decode(handle, &out, UInt64(expected), &message, message.count) == 0 else {
            throw .corrupt(format: "DICOM", reason: Self.text(message))
        }
        return out
    }

    /// Whether an element with this tag and value length (explicit VR OB/OW: 12-byte header; implicit:
    /// 8) has its whole value inside `bytes`: the first such element from the start (Pixel Data's tag
    /// comes after a header of a few kilobytes; its value is most of the file).
    static func valueFits(tag: [UInt8], length: Int, in bytes: [UInt8]) -> Bool {
        let bigEndian = tag[0] == 0x7F
        return bytes.withUnsafeBufferPointer { b in
            func word(_ at: Int) -> Int {
                let v = (Int(b[at]), Int(b[at + 1]), Int(b[at + 2]), Int(b[at + 3]))
                return bigEndian ? v.0 << 24 | v.1 << 16 | v.2 << 8 | v.3 : v.3 << 24 | v.2 << 16 | v.1 << 8 | v.0
            }
            var i = 0
            while i + 8 <= b.count {
                if b[i] == tag[0] && b[i + 1] == tag[1] && b[i + 2] == tag[2] && b[i + 3] == tag[3] {
                    let explicit = i + 12 <= b.count && b[i + 4] == 0x4F && (b[i + 5] == 0x42 || b[i + 5] == 0x57)
                    let header = explicit ? 12 : 8
                    if i + header <= b.count && word(i + header - 4) == length { return i + header + length <= b.count }
                }
                i += 1
            }
            return false
        }
    }

    static var gdcmVersion: String { String(cString: litmus_dicom_gdcm_version()) }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
