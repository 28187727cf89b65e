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
}
