import ArgumentParser
import Foundation
import Imaging
import Phantoms

struct PhantomsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phantoms",
        abstract: "Generate synthetic knee radiographs (demo data) with a labels.csv.")

    @Option(help: "Look of the images: most, oai or synthetic.")
    var style: String = "most"

    @Option(help: "How many images (KL grades 0–4 in turn).")
    var count: Int = 100

    @Option(help: "Output folder.")
    var out: String

    @Option(help: "Random seed: the same seed gives the same bytes.")
    var seed: UInt64 = 0

    @Option(help: "Image size in pixels (square).")
    var size: Int = 256

    @Option(
        help:
            "With --style synthetic: how many images are near-copies of the OAI image of the same index, seed and size (a memorizing generator), spread evenly through the set and named in labels.csv's copy_of column."
    )
    var copies: Int = 0

    @Option(name: .customLong("contact-sheet"), help: "Also write a PNG with every look and KL grade side by side.")
    var contactSheet: String?

    func validate() throws {
        guard PhantomStyle(rawValue: style) != nil else {
            throw ValidationError("unknown style `\(style)`; use most, oai or synthetic")
        }
        guard count >= 0, (32...2048).contains(size) else { throw ValidationError("count must be ≥ 0 and size in 32…2048") }
        guard copies == 0 || style == PhantomStyle.synthetic.rawValue else {
            throw ValidationError("--copies makes synthetic images that copy OAI ones; use it with --style synthetic")
        }
        guard (0...count).contains(copies) else { throw ValidationError("--copies must be between 0 and --count (\(count))") }
    }

    func run() throws {
        let set = PhantomSet(
            style: PhantomStyle(rawValue: style)!, count: count, seed: seed, size: size,
            copies: PhantomSet.spread(copies, in: count))
        let start = Date()
        try set.write(to: URL(fileURLWithPath: out))
        Console.error(
            String(
                format: "wrote %d %@ phantoms to %@ (%.1f images/s)", count, style, out,
                Double(count) / max(Date().timeIntervalSince(start), 1e-9)))
        if let contactSheet {
            try ImageEncoder.pngGray8(PhantomSet.contactSheet(size: 144)).write(to: URL(fileURLWithPath: contactSheet))
        }
    }
}
