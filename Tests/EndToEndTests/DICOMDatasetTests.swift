import DirectiveLibrary
import Foundation
import Imaging
import Phantoms
import ReportTestSupport
import TestSupport
import Testing

/// A folder of DICOM radiographs through `dataset`, `features` and `grid`: files named `.dcm` and files
/// with no extension, MONOCHROME1 and MONOCHROME2, give the features of the same images as PNG.
@Suite struct DICOMDatasetTests {
    @Test func dicomRadiographsGiveTheFeaturesOfTheSameImagesAsPNG() throws {
        let workspace = try Workspace()
        let png = workspace.root.appendingPathComponent("png")
        let dicom = workspace.root.appendingPathComponent("dicom")
        try PhantomSet(style: .most, count: 6, seed: 3, size: 48).write(to: png)
        try FileManager.default.createDirectory(at: dicom, withIntermediateDirectories: true)
        var labels = "file,kl\n"
        for (i, line) in try String(contentsOf: png.appendingPathComponent("labels.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().enumerated()
        {
            let cells = line.split(separator: ",").map(String.init)
            let image = try ImageDecoder.decode(Data(contentsOf: png.appendingPathComponent(cells[0])))
            // 8-bit grey k becomes 16-bit k × 257: `window: none` maps it back to k / 255 exactly.
            let levels = image.pixels.map { UInt16(($0 * 255).rounded()) * 257 }
            let inverted = i % 2 == 1
            let samples = inverted ? levels.map { 65535 - $0 } : levels
            let name = i % 3 == 0 ? "IM\(i)" : "image\(i).dcm"  // archives often drop the extension
            try DICOMWriter.file(
                rows: image.height, columns: image.width, samples: samples,
                photometric: inverted ? "MONOCHROME1" : "MONOCHROME2"
            )
            .write(to: dicom.appendingPathComponent(name))
            labels += "\(name),\(cells[1])\n"
        }
        try labels.write(to: dicom.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
        try workspace.write(
            "t.md",
            """
            ---
            seed: 1
            ---

            ```{dataset #png}
            path: png
            ```

            ```{dataset #dcm}
            path: dicom
            ```

            ```{features #fpng}
            input: png
            size: 32
            ```

            ```{features #fdcm}
            input: dcm
            size: 32
            window: none
            ```

            ```{export}
            input: fpng
            path: png.npy
            ```

            ```{export}
            input: fdcm
            path: dicom.npy
            ```

            ```{grid}
            input: dcm
            images: dcm
            window: none
            ```

            """)
        try workspace.render("t.md")
        let out = workspace.output("report")
        let readme = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("of 6 images"))
        let fromPNG = try Data(contentsOf: out.appendingPathComponent("data/png.npy"))
        let fromDICOM = try Data(contentsOf: out.appendingPathComponent("data/dicom.npy"))
        #expect(fromPNG == fromDICOM, "DICOM and PNG copies of the same images give different features")
        let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
        #expect(figures.contains { $0.hasSuffix(".png") })
    }

    /// Every readable file of the pydicom selection (each transfer syntax and pixel kind) goes through
    /// `dataset` and `features`, half of them renamed without an extension.
    @Test func pydicomsFilesOfEveryKindGoThroughDatasetAndFeatures() throws {
        let workspace = try Workspace()
        let fixtures = Workspace.packageRoot.appendingPathComponent("Tests/ImagingTests/Fixtures/dicom")
        struct Cases: Decodable {
            struct Case: Decodable { let file: String }
            let decoded: [Case]
        }
        let cases = try JSONDecoder().decode(Cases.self, from: Data(contentsOf: fixtures.appendingPathComponent("cases.json")))
        let files = Array(Set(cases.decoded.map(\.file))).sorted()
        let folder = workspace.root.appendingPathComponent("archive/kl0")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (i, file) in files.enumerated() {
            let name = i % 2 == 0 ? file : "IM\(i)"
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(file), to: folder.appendingPathComponent(name))
        }
        try workspace.write(
            "t.md", "```{dataset #ds}\npath: archive\n```\n\n```{features #f}\ninput: ds\nsize: 32\n```\n\nRows: {{ f.features.rows }}.\n")
        try workspace.render("t.md")
        let readme = try String(contentsOf: workspace.output("report").appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("Rows: \(files.count)."), "\(readme)")
    }

    @Test func aMalformedDICOMFileStopsTheRenderNamingIt() throws {
        let workspace = try Workspace()
        let folder = workspace.root.appendingPathComponent("dicom/kl1")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let good = DICOMWriter.file(rows: 8, columns: 8, samples: (0..<64).map { UInt16($0 * 1000) })
        try good.write(to: folder.appendingPathComponent("a.dcm"))
        try good.prefix(good.count - 40).write(to: folder.appendingPathComponent("IMBROKEN"))  // pixel data cut short
        try workspace.write("t.md", "```{dataset #ds}\npath: dicom\n```\n\n```{features}\ninput: ds\nsize: 32\n```\n")
        #expect {
            try workspace.render("t.md")
        } throws: { error in
            let text = "\(error)"
            return text.contains("IMBROKEN") && text.contains("truncated")
        }
    }
}
