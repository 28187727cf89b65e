/// DICOM to an image in [0, 1] by the grayscale pipeline of PS3.3 C.11 / PS3.14: stored values → modality
/// transform → VOI transform (window or LUT) → MONOCHROME1 inverted so that bone is bright; Pixel Padding
/// values are left out of the window's range and come out black. Colour (RGB, YBR_FULL, YBR_FULL_422) is
/// converted to RGB as C.7.6.3.1.2 says. One frame, `reading.frame`.
enum DICOMDecoder {
    static func decode(_ bytes: [UInt8], reading: ImageReading) throws(ImageError) -> DecodedImage {
        let file = try DICOMFile(bytes)
        let g = file.geometry
        guard (1...g.frames).contains(reading.frame) else {
            throw .option("frame \(reading.frame) was asked for; the file has \(g.frames) frame\(g.frames == 1 ? "" : "s")")
        }
        let frames = try file.decodedFrames()
        let photometric = file.string(.photometricInterpretation).map { $0.isEmpty ? g.photometric : $0 } ?? g.photometric
        let format = "DICOM (\(g.transferSyntax))"
        switch (g.samplesPerPixel, g.photometric) {
        case (1, "MONOCHROME1"), (1, "MONOCHROME2"):
            let (pixels, transform) = try grey(frames, file: file, geometry: g, inverted: g.photometric == "MONOCHROME1", reading: reading)
            return DecodedImage(
                image: Image(width: g.columns, height: g.rows, channels: 1, pixels: pixels),
                description: ImageDescription(
                    format: format, width: g.columns, height: g.rows, bitDepth: g.bitsStored,
                    photometric: g.photometric, frames: g.frames, transform: transform))
        case (3, "RGB"), (3, "YBR_FULL"), (3, "YBR_FULL_422"), (3, "YBR_RCT"), (3, "YBR_ICT"):
            // JPEG 2000's reversible and irreversible colour transforms are undone by its decoder: RGB.
            var g = g
            if g.photometric == "YBR_RCT" || g.photometric == "YBR_ICT" { g.photometric = "RGB" }
            let pixels = colour(StoredValues.frame(reading.frame - 1, of: frames, geometry: g), geometry: g)
            let transform =
                g.photometric == "RGB"
                ? "RGB scaled by \(DICOMText.number(StoredValues.range(g).upperBound))"
                : "\(g.photometric) converted to RGB (PS3.3 C.7.6.3.1.2)"
            return DecodedImage(
                image: Image(width: g.columns, height: g.rows, channels: 3, pixels: pixels),
                description: ImageDescription(
                    format: format, width: g.columns, height: g.rows, bitDepth: g.bitsStored,
                    photometric: photometric, frames: g.frames, transform: transform))
        default:
            throw .unsupported(
                format: "DICOM",
                reason: "Photometric Interpretation \(photometric) with \(g.samplesPerPixel) sample\(g.samplesPerPixel == 1 ? "" : "s") per pixel; "
                    + "Litmus reads MONOCHROME1, MONOCHROME2, RGB, YBR_FULL and YBR_FULL_422 (convert the file first)")
        }
    }

    private static func grey(
        _ frames: [UInt8], file: DICOMFile, geometry g: DICOMFile.Geometry, inverted: Bool,
        reading: ImageReading
    ) throws(ImageError) -> (pixels: [Float], transform: String) {
        let modality = try ModalityTransform(file, bigEndian: g.bigEndian)
        let padding = paddingRange(file)
        let isPadding = { (x: Double) in padding?.contains(x) ?? false }
        // For Bits Stored ≤ 16 the chain runs once per possible stored value, in a table of 2^BitsStored
        // entries, then one lookup per pixel (a 2048 × 2560 radiograph in a few milliseconds).
        let table = g.bitsStored <= 16
        let offsets = table ? StoredValues.offsets(reading.frame - 1, of: frames, geometry: g) : []
        let stored = table ? [] : StoredValues.frame(reading.frame - 1, of: frames, geometry: g)
        let lowest = StoredValues.range(g).lowerBound
        // The distinct stored values of the image: its own range is taken over these.
        let occurring: [Double]
        if table {
            var present = [Bool](repeating: false, count: 1 << g.bitsStored)
            for offset in offsets { present[Int(offset)] = true }
            occurring = present.indices.filter { present[$0] }.map { lowest + Double($0) }
        } else {
            occurring = stored
        }
        let (voi, chosen) = try voiTransform(file, reading: reading, modality: modality, geometry: g) {
            var (low, high) = (Double.infinity, -Double.infinity)
            for x in occurring where !isPadding(x) { (low, high) = (min(low, modality(x)), max(high, modality(x))) }
            return low <= high ? (low, high) : (0, 0)
        }
        func display(_ x: Double) -> Float {
            guard !isPadding(x) else { return 0 }
            let y = voi(modality(x))
            return Float(inverted ? 1 - y : y)
        }
        let pixels: [Float]
        if table {
            let values = (0..<(1 << g.bitsStored)).map { display(lowest + Double($0)) }
            pixels = offsets.map { values[Int($0)] }
        } else {
            pixels = stored.map(display)
        }
        var steps = [modality.summary, chosen].compactMap { $0 }
        if inverted { steps.append("inverted (MONOCHROME1)") }
        if let padding {
            steps.append(
                "padding \(padding.lowerBound == padding.upperBound ? DICOMText.number(padding.lowerBound) : "\(DICOMText.number(padding.lowerBound))…\(DICOMText.number(padding.upperBound))") black and outside the range"
            )
        }
        return (pixels, steps.joined(separator: "; "))
    }

    /// The VOI transform the reading asks for, and how to describe it.
    private static func voiTransform(
        _ file: DICOMFile, reading: ImageReading, modality: ModalityTransform, geometry g: DICOMFile.Geometry,
        ownRange: () -> (Double, Double)
    ) throws(ImageError) -> (VOITransform, String) {
        let centers = file.numbers(.windowCenter) ?? []
        let widths = file.numbers(.windowWidth) ?? []
        let windows = min(centers.count, widths.count)
        let luts = file.items(of: .voiLUTSequence)
        func window(_ n: Int) throws(ImageError) -> (VOITransform, String) {
            let text = file.string(.voiLUTFunction)?.trimmingCharacters(in: .whitespaces).uppercased() ?? "LINEAR"
            guard let function = VOITransform.Function(rawValue: text.isEmpty ? "LINEAR" : text) else {
                throw .corrupt(
                    format: "DICOM", reason: "VOI LUT Function (0028,1056) is `\(text)`; the standard defines LINEAR, LINEAR_EXACT and SIGMOID")
            }
            let (c, w) = (centers[n - 1], widths[n - 1])
            guard function == .linear ? w >= 1 : w > 0 else {
                throw .corrupt(
                    format: "DICOM",
                    reason:
                        "Window Width (0028,1051) \(n) is \(DICOMText.number(w)); \(function.rawValue) needs a width of at least \(function == .linear ? "1" : "more than 0")"
                )
            }
            let voi = VOITransform.window(center: c, width: w, function: function)
            return (voi, voi.summary + (windows > 1 ? " (window \(n) of \(windows))" : ""))
        }
        func lut(_ n: Int) throws(ImageError) -> (VOITransform, String) {
            let voi = VOITransform.lut(try LookupTable(file, sequence: .voiLUTSequence, item: n, bigEndian: g.bigEndian))
            return (voi, voi.summary + (luts > 1 ? " (\(n) of \(luts))" : ""))
        }
        func stretch(_ low: Double, _ high: Double, _ why: String) -> (VOITransform, String) {
            let voi = VOITransform.stretch(low: low, high: high)
            return (voi, "\(voi.summary) (\(why))")
        }
        switch reading.window {
        case .first:
            if windows > 0 { return try window(1) }
            if luts > 0 { return try lut(1) }
            let (low, high) = ownRange()
            return stretch(low, high, "the file has no window: the image's minimum and maximum")
        case .number(let n):
            if windows > 0 {
                guard n <= windows else { throw .option("window \(n) was asked for; the file has \(windows) window\(windows == 1 ? "" : "s")") }
                return try window(n)
            }
            guard luts > 0 else { throw .option("window \(n) was asked for; the file has no windows and no VOI LUT") }
            guard n <= luts else { throw .option("window \(n) was asked for; the file has no windows and \(luts) VOI LUT\(luts == 1 ? "" : "s")") }
            return try lut(n)
        case .none:
            let range = modality.outputRange(of: StoredValues.range(g))
            return stretch(
                range.lowerBound, range.upperBound, "no window: the range of \(g.bitsStored)-bit \(g.signed ? "signed" : "unsigned") values")
        case .range:
            let (low, high) = ownRange()
            return stretch(low, high, "the image's minimum and maximum")
        }
    }

    /// Pixel Padding Value, up to Pixel Padding Range Limit when present (stored values).
    private static func paddingRange(_ file: DICOMFile) -> ClosedRange<Double>? {
        guard let value = file.numbers(.pixelPaddingValue)?.first else { return nil }
        let limit = file.numbers(.pixelPaddingRangeLimit)?.first ?? value
        return min(value, limit)...max(value, limit)
    }

    /// RGB in [0, 1]: RGB scaled by its range; YBR_FULL(_422) by the full-range BT.601 matrix of C.7.6.3.1.2.
    private static func colour(_ stored: [Double], geometry g: DICOMFile.Geometry) -> [Float] {
        let plane = g.columns * g.rows
        let interleaved: [Double] =
            g.planar
            ? (0..<(plane * 3)).map { stored[($0 % 3) * plane + $0 / 3] }
            : stored
        let maximum = StoredValues.range(g).upperBound
        guard g.photometric != "RGB" else { return interleaved.map { Float($0 / maximum) } }
        let half = (maximum + 1) / 2
        var out = [Float](repeating: 0, count: plane * 3)
        for p in 0..<plane {
            let (y, cb, cr) = (interleaved[3 * p], interleaved[3 * p + 1] - half, interleaved[3 * p + 2] - half)
            let rgb = [y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb]
            for c in 0..<3 { out[3 * p + c] = Float(min(max(rgb[c], 0), maximum) / maximum) }
        }
        return out
    }
}
