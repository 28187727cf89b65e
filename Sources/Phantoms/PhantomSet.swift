import Foundation
import Imaging
import LinearAlgebra

/// A folder of phantoms of one style with their `labels.csv` (file, kl, style, subgroup).
public struct PhantomSet: Sendable {
    public let style: PhantomStyle
    public let count: Int
    public let seed: UInt64
    public let size: Int

    public init(style: PhantomStyle, count: Int, seed: UInt64 = 0, size: Int = 256) {
        (self.style, self.count, self.seed, self.size) = (style, count, seed, size)
    }

    /// Image i: KL grade i mod 5 (balanced), its own seed; MOST has a striped (~10 %) and a blurred
    /// (~5 %) subgroup, as the seed report's MOST clusters suggest.
    public func phantom(_ i: Int) -> KneePhantom {
        var random = SeededGenerator(seed: seed &+ UInt64(i) &* 0x9E37_79B9 &+ UInt64(PhantomStyle.allCases.firstIndex(of: style)!) << 40)
        let draw = random.nextUnit()
        let subgroup: PhantomSubgroup = style != .most ? .regular : (draw < 0.10 ? .striped : (draw < 0.15 ? .blurred : .regular))
        return KneePhantom(grade: i % 5, style: style, subgroup: subgroup, seed: random.next(), size: size)
    }

    /// Writes `<style>-NNNNN.png` files and `labels.csv` into `folder`.
    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lines = ["file,kl,style,subgroup"]
        for i in 0..<count {
            let phantom = phantom(i)
            let name = String(format: "%@-%05d.png", style.rawValue, i)
            try ImageEncoder.pngGray8(phantom.render()).write(to: folder.appendingPathComponent(name))
            lines.append("\(name),\(phantom.grade),\(style.rawValue),\(phantom.subgroup.rawValue)")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
    }

    /// One row per look (MOST, MOST striped, MOST blurred, OAI, synthetic), one column per KL grade.
    public static func contactSheet(size: Int = 160, seed: UInt64 = 7) -> Image {
        let looks: [(PhantomStyle, PhantomSubgroup)] = [(.most, .regular), (.most, .striped), (.most, .blurred), (.oai, .regular), (.synthetic, .regular)]
        let gap = 4, width = 5 * size + 4 * gap, height = looks.count * size + (looks.count - 1) * gap
        var pixels = [Float](repeating: 1, count: width * height)
        for (row, look) in looks.enumerated() {
            for grade in 0...4 {
                let image = KneePhantom(grade: grade, style: look.0, subgroup: look.1, seed: seed &+ UInt64(row * 5 + grade), size: size).render()
                for y in 0..<size { for x in 0..<size {
                    pixels[(row * (size + gap) + y) * width + grade * (size + gap) + x] = image.pixels[y * size + x]
                } }
            }
        }
        return Image(width: width, height: height, channels: 1, pixels: pixels)
    }
}
