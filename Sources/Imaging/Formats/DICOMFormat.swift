extension ImageFormat {
    /// DICOM through GDCM (every transfer syntax it decodes), then the grayscale pipeline of
    /// `DICOMDecoder`. Found by its `DICM` preamble whatever the file is called (archives often name files
    /// without an extension), or by a `.dcm` name when the preamble is missing; checked only when decoded,
    /// because GDCM needs the whole file.
    public static let dicom = ImageFormat(
        name: "DICOM", extensions: ["dcm"], signature: "the `DICM` preamble",
        sniff: hasPreamble, foundByContent: true, trustsExtension: true, tailProblem: nil,
        decode: { bytes, reading throws(ImageError) in try DICOMDecoder.decode(bytes, reading: reading) })

    /// `DICM` after the 128-byte preamble (PS3.10 7.1).
    @Sendable static func hasPreamble(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 132 && bytes[128..<132].elementsEqual([0x44, 0x49, 0x43, 0x4D])
    }
}
