import CTurboJPEG

extension ImageFormat {
    /// JPEG: grey or colour (TurboJPEG), samples / 255.
    public static let jpeg = ImageFormat(
        name: "JPEG", extensions: ["jpg", "jpeg"], signature: "the JPEG start marker",
        sniff: { $0.starts(with: [0xFF, 0xD8, 0xFF]) },
        tailProblem: { tail($0, contains: [0xFF, 0xD9]) ? nil : "is truncated: the JPEG has no end marker" },
        decode: { bytes, _ throws(ImageError) in try decodeJPEG(bytes) })

    static func decodeJPEG(_ bytes: [UInt8]) throws(ImageError) -> DecodedImage {
        guard let handle = tjInitDecompress() else { throw .corrupt(format: "JPEG", reason: "TurboJPEG could not start") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        var source = bytes
        guard tjDecompressHeader3(handle, &source, UInt(bytes.count), &width, &height, &subsampling, &colorspace) == 0 else {
            throw .corrupt(format: "JPEG", reason: String(cString: tjGetErrorStr2(handle)))
        }
        guard Int(width) * Int(height) <= ImageDecoder.maxPixels else { throw .tooLarge(width: Int(width), height: Int(height)) }
        let grey = colorspace == Int32(TJCS_GRAY.rawValue)
        let channels = grey ? 1 : 3
        var output = [UInt8](repeating: 0, count: Int(width) * Int(height) * channels)
        let format = grey ? Int32(TJPF_GRAY.rawValue) : Int32(TJPF_RGB.rawValue)
        let status = tjDecompress2(handle, &source, UInt(bytes.count), &output, width, 0, height, format, 0)
        // A warning (e.g. premature end of data in a truncated file) is still a failure here: never
        // analyse half an image.
        guard status == 0 else { throw .corrupt(format: "JPEG", reason: String(cString: tjGetErrorStr2(handle))) }
        return DecodedImage(
            image: Image(width: Int(width), height: Int(height), channels: channels, pixels: output.map { Float($0) / 255 }),
            description: ImageDescription(
                format: "JPEG", width: Int(width), height: Int(height), bitDepth: 8,
                photometric: grey ? "grey" : "colour (YCbCr decoded to RGB)", frames: 1,
                transform: "samples / 255"))
    }
}
