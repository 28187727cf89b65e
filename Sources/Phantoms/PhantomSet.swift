import Foundation
import Imaging
import LinearAlgebra

/// A folder of phantoms of one style with their `labels.csv` (file, kl, style, subgroup; and copy_of
/// when some images are copies).
public struct PhantomSet: Sendable {
    public let style: PhantomStyle
    public let count: Int
    public let seed: UInt64
    public let size: Int
    /// Images that are near-copies instead of phantoms of their own: image i is OAI image i of a set
    /// with the same seed and size, plus a little noise — a generator that memorized its training image.
    public let copies: Set<Int>

    /// The noise added to a copy (standard deviation, grey levels in 0…1): a quarter of an OAI phantom's
    /// own acquisition noise, invisible, far less than what tells two phantoms apart — yet not zero, so a
    /// copy is not the same file.
    public static let copyNoise: Float = 0.003

    public init(style: PhantomStyle, count: Int, seed: UInt64 = 0, size: Int = 256, copies: Set<Int> = []) {
        precondition(copies.allSatisfy { (0..<count).contains($0) }, "copies are indices of the set's images")
        (self.style, self.count, self.seed, self.size, self.copies) = (style, count, seed, size, copies)
    }

    /// `count` indices spread evenly through `0..<total` (k · total / count): where `--copies N` puts them.
    public static func spread(_ count: Int, in total: Int) -> Set<Int> {
        Set((0..<min(count, total)).map { $0 * total / max(count, 1) })
    }

    /// The file name of image i of a style.
    public static func fileName(_ style: PhantomStyle, _ i: Int) -> String { String(format: "%@-%05d.png", style.rawValue, i) }

    /// i of a file named by `fileName(style, i)`; nil for any other name.
    public static func index(ofFile name: String, style: PhantomStyle) -> Int? {
        let prefix = style.rawValue + "-"
        guard name.hasPrefix(prefix), name.hasSuffix(".png") else { return nil }
        return Int(name.dropFirst(prefix.count).dropLast(4))
    }

    /// Image i as written: its phantom, or for a copy OAI image i with noise.
    public func render(_ i: Int) -> Image {
        guard copies.contains(i) else { return phantom(i).render() }
        var image = PhantomSet(style: .oai, count: count, seed: seed, size: size).phantom(i).render()
        var random = SeededGenerator(seed: seed &+ UInt64(i) &* 0x2545_F491 &+ 0xC0B1)
        for p in image.pixels.indices {
            let u1 = max(random.nextUnit(), 1e-12)
            let u2 = random.nextUnit()
            let noise = Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
            image.pixels[p] = min(max(image.pixels[p] + Self.copyNoise * noise, 0), 1)
        }
        return image
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
        var lines = ["file,kl,style,subgroup" + (copies.isEmpty ? "" : ",copy_of")]
        for i in 0..<count {
            let phantom = phantom(i)
            let name = Self.fileName(style, i)
            try ImageEncoder.pngGray8(render(i)).write(to: folder.appendingPathComponent(name))
            // A copy has its original's grade (i mod 5, as every image i) and OAI's regular look.
            let subgroup = copies.contains(i) ? PhantomSubgroup.regular : phantom.subgroup
            let copyOf = copies.isEmpty ? "" : "," + (copies.contains(i) ? Self.fileName(.oai, i) : "")
            lines.append("\(name),\(phantom.grade),\(style.rawValue),\(subgroup.rawValue)\(copyOf)")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
    }

    /// One row per look (MOST, MOST striped, MOST blurred, OAI, synthetic), one column per KL grade.
    public static func contactSheet(size: Int = 160, seed: UInt64 = 7) -> Image {
        let looks: [(PhantomStyle, PhantomSubgroup)] = [
            (.most, .regular), (.most, .striped), (.most, .blurred), (.oai, .regular), (.synthetic, .regular),
        ]
        let gap = 4
        let width = 5 * size + 4 * gap
        let height = looks.count * size + (looks.count - 1) * gap
        var pixels = [Float](repeating: 1, count: width * height)
        for (row, look) in looks.enumerated() {
            for grade in 0...4 {
                let image = KneePhantom(grade: grade, style: look.0, subgroup: look.1, seed: seed &+ UInt64(row * 5 + grade), size: size).render()
                for y in 0..<size {
                    for x in 0..<size {
                        pixels[(row * (size + gap) + y) * width + grade * (size + gap) + x] = image.pixels[y * size + x]
                    }
                }
            }
        }
        return Image(width: width, height: height, channels: 1, pixels: pixels)
    }
}
