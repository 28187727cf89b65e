import ArgumentParser
import Foundation
import Imaging
import LinearAlgebra

/// `litmus inspect`: what an image file holds and what Litmus makes of it — the grey image in [0, 1]
/// that `features` resizes — so a user can see what the network sees.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Describe image files (PNG, JPEG, DICOM): format, size, bits, photometric interpretation, the window or LUT applied, minimum and maximum.",
        discussion:
            "With --out, writes the image Litmus analyses as float32 .npy in [0, 1]: H × W for grey, H × W × 3 for colour (before resizing). Exit 1 when a file cannot be read."
    )

    @Argument(help: "Image files.")
    var images: [String]

    @Option(help: "Write the decoded image as .npy (one image only).")
    var out: String?

    @Option(
        help:
            "DICOM window: first (the file's first window, else its first VOI LUT, else min–max), a number (1-based), none (the stored range) or range (the image's min–max)."
    )
    var window: String = "first"

    @Option(help: "DICOM frame (1-based) of a multi-frame file.")
    var frame: Int = 1

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one image file") }
        guard out == nil || images.count == 1 else { throw ValidationError("--out writes one image: give one file with it") }
        guard ImageReading(window: window, frame: frame) != nil else {
            throw ValidationError("--window must be first, none, range or a number ≥ 1 (got `\(window)`)")
        }
        guard frame >= 1 else { throw ValidationError("--frame must be ≥ 1") }
    }

    func run() throws {
        let reading = ImageReading(window: window, frame: frame)!
        var failed = false
        for path in images {
            let decoded: DecodedImage
            do { decoded = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: path), reading: reading) } catch {
                Console.error("\(path): \(error is ImageError ? "\(error)" : error.localizedDescription)")
                failed = true
                continue
            }
            let d = decoded.description
            let image = decoded.image
            let (low, high) = image.pixels.reduce((Float.infinity, -Float.infinity)) { (min($0.0, $1), max($0.1, $1)) }
            print(
                """
                \(path)
                  format       \(d.format)
                  size         \(d.width) × \(d.height)\(d.frames > 1 ? ", frame \(frame) of \(d.frames)" : "")
                  bits         \(d.bitDepth)
                  photometric  \(d.photometric)
                  transform    \(d.transform)
                  range        \(String(format: "%.6g … %.6g", low, high)) in [0, 1]\(image.channels == 3 ? " (RGB)" : "")
                """)
            if let out {
                let shape = image.channels == 1 ? [image.height, image.width] : [image.height, image.width, 3]
                try NPYCodec.encode(NPYArray(shape: shape, elements: .float32(image.pixels))).write(to: URL(fileURLWithPath: out), options: .atomic)
                Console.error("wrote \(out) (\(shape.map(String.init).joined(separator: " × ")) float32)")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
