import Foundation
import Imaging
import Phantoms
import Testing

@Suite struct PhantomTests {
    @Test func sameSeedGivesTheSameBytes() throws {
        for style in PhantomStyle.allCases {
            let a = try ImageEncoder.pngGray8(KneePhantom(grade: 3, style: style, seed: 42, size: 96).render())
            let b = try ImageEncoder.pngGray8(KneePhantom(grade: 3, style: style, seed: 42, size: 96).render())
            let c = try ImageEncoder.pngGray8(KneePhantom(grade: 3, style: style, seed: 43, size: 96).render())
            #expect(a == b, "\(style)")
            #expect(a != c, "\(style): another seed, another image")
        }
    }

    /// The joint space (dark rows between femur and tibia at the centre) narrows with the KL grade.
    @Test func jointSpaceNarrowsWithGrade() {
        func gapRows(_ grade: Int) -> Double {
            var total = 0.0
            for seed in 0..<6 {
                let image = KneePhantom(grade: grade, style: .oai, seed: UInt64(seed), size: 256).render()
                // Darkest-run length in the middle column band around the joint.
                let column = (100..<170).map { y in (150..<166).map { image[$0, y, 0] }.reduce(0, +) / 16 }
                let threshold = column.min()! + 0.08  // within noise of the darkest row: the gap, not bone
                total += Double(column.filter { $0 < threshold }.count)
            }
            return total / 6
        }
        let gaps = (0...4).map(gapRows)
        #expect(gaps[0] > gaps[2] && gaps[2] > gaps[4], "gap widths by KL: \(gaps)")
    }

    @Test func setWritesImagesAndLabels() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phantoms-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try PhantomSet(style: .most, count: 40, seed: 1, size: 64).write(to: folder)
        let labels = try String(contentsOf: folder.appendingPathComponent("labels.csv"), encoding: .utf8)
        let rows = labels.split(separator: "\n").dropFirst()
        #expect(rows.count == 40)
        #expect(rows.first == "most-00000.png,0,most,regular" || rows.first?.hasPrefix("most-00000.png,0,most,") == true)
        #expect(Set(rows.map { $0.split(separator: ",")[1] }) == ["0", "1", "2", "3", "4"])
        let image = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("most-00007.png")))
        #expect(image.width == 64 && image.height == 64 && image.channels == 1)
        #expect(Set(rows.map { $0.split(separator: ",")[3] }).isSubset(of: ["regular", "striped", "blurred"]))
    }

    /// `copies`: those images are their OAI original plus noise of `copyNoise` (named in `copy_of`), the
    /// others are the synthetic phantoms they would be without copies.
    @Test func copiesAreTheirOriginalPlusNoise() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phantoms-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let copies = PhantomSet.spread(3, in: 12)
        #expect(copies == [0, 4, 8])
        let set = PhantomSet(style: .synthetic, count: 12, seed: 1, size: 64, copies: copies)
        try set.write(to: folder)
        let rows = try String(contentsOf: folder.appendingPathComponent("labels.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows[0] == "file,kl,style,subgroup,copy_of")
        #expect(rows[5] == "synthetic-00004.png,4,synthetic,regular,oai-00004.png")
        #expect(rows[2] == "synthetic-00001.png,1,synthetic,regular,")
        let original = PhantomSet(style: .oai, count: 12, seed: 1, size: 64).phantom(4).render()
        let copy = set.render(4)
        let residual = zip(copy.pixels, original.pixels).map { Double($0 - $1) }
        let rms = (residual.map { $0 * $0 }.reduce(0, +) / Double(residual.count)).squareRoot()
        #expect(rms > 0.001 && rms < 0.005, "a copy differs from its original by its noise only: rms \(rms)")
        #expect(set.render(1).pixels == PhantomSet(style: .synthetic, count: 12, seed: 1, size: 64).render(1).pixels)
    }
}
