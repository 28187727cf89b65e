import DirectiveLibrary
import Foundation
import ReportTestSupport
import Testing

/// The catalogue of bad inputs (docs/RELIABILITY.md): for each, a good report is rendered first, the
/// input is broken, and the next render must fail with exit code 1 and a message that names the file,
/// line or item and says what to do — leaving the previous report and every cache entry as they were.
@Suite struct BadInputTests {
    enum Breakage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case truncatedPNG, emptyPNG, corruptPNG, truncatedJPEG, emptyJPEG, corruptJPEG, folderWithoutImages
        case truncatedDICOM, dicomOfImpossibleSize, dicomThatCrashesGDCM
        case labelsWithoutFileColumn, labelsNotUTF8, labelsListingAFileTwice, labelsListingAMissingFile
        case truncatedWeights, misshapedWeights, weightsOfImpossibleShape, npyOfComplexNumbers, npyShorterThanItsHeader, nanInMatrix
        case moreClustersThanItems, fewerItemsThanNeighbors, paramOfWrongType, exportOutsideTheReport

        var testDescription: String { rawValue }
    }

    static let template = """
        ---
        title: Catalogue
        params:
          count: 5
        ---

        ```{dataset #data}
        path: images
        ```

        ```{load #feat}
        path: feat.npy
        ```

        ```{pca #pca}
        input: feat
        n_components: 2
        ```

        Rows: {{ feat.rows }}; count {{ params.count }}.

        """

    /// A features step on the dataset (decodes the images; seeded weights unless `weights` is given).
    static func featuresStep(weights: String? = nil) -> String {
        "\n```{features #f}\ninput: data\nsize: 32\n" + (weights.map { "weights: \($0)\n" } ?? "") + "```\n"
    }

    static func dicomFixture(_ name: String) -> URL {
        Workspace.packageRoot.appendingPathComponent("Tests/ImagingTests/Fixtures/dicom").appendingPathComponent(name)
    }

    struct Case {
        /// Extra arguments of the bad render.
        var arguments: [String] = []
        /// Each must appear in stderr.
        var expected: [String]
    }

    /// Breaks the workspace and says what the error must contain.
    static func breakInput(_ breakage: Breakage, in workspace: Workspace) throws -> Case {
        let images = workspace.root.appendingPathComponent("images")
        let first = images.appendingPathComponent("most-00000.png")
        func addRow(_ file: String) throws {
            let labels = images.appendingPathComponent("labels.csv")
            try (try String(contentsOf: labels, encoding: .utf8) + "\n\(file),1,most,regular\n").write(to: labels, atomically: true, encoding: .utf8)
        }
        func append(_ text: String) throws {
            let url = workspace.root.appendingPathComponent("catalogue.md")
            try (try String(contentsOf: url, encoding: .utf8) + text).write(to: url, atomically: true, encoding: .utf8)
        }
        let fix = "add `on_error: skip` to leave those files out"
        switch breakage {
        case .truncatedPNG:
            try Data(try Data(contentsOf: first).prefix(100)).write(to: first)
            return Case(expected: ["catalogue.md:8:7: error: dataset #data", "`most-00000.png` is truncated: the PNG has no end chunk (IEND)", fix])
        case .emptyPNG:
            try Data().write(to: first)
            return Case(expected: ["catalogue.md:8:7:", "`most-00000.png` is not a PNG, JPEG or DICOM image", fix])
        case .corruptPNG:
            // Damage the image data but keep the signature and the end chunk: only decoding finds it.
            var bytes = try Data(contentsOf: first)
            for i in 60..<80 { bytes[i] ^= 0x5A }
            try bytes.write(to: first)
            try append(featuresStep())
            return Case(expected: [
                "catalogue.md:", "error: features #f: image `", "most-00000.png`: the PNG data cannot be decoded",
                "replace the file or remove it",
            ])
        case .truncatedJPEG:
            try Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 7, count: 200)).write(to: images.appendingPathComponent("scan.jpg"))
            try addRow("scan.jpg")
            return Case(expected: ["catalogue.md:8:7:", "`scan.jpg` is truncated: the JPEG has no end marker", fix])
        case .emptyJPEG:
            try Data().write(to: images.appendingPathComponent("scan.jpg"))
            try addRow("scan.jpg")
            return Case(expected: ["catalogue.md:8:7:", "`scan.jpg` is not a PNG, JPEG or DICOM image", fix])
        case .corruptJPEG:
            var bytes = try Data(contentsOf: Workspace.packageRoot.appendingPathComponent("Tests/ImagingTests/Fixtures/gray.jpg"))
            for i in 100..<140 { bytes[i] = 0 }
            try bytes.write(to: images.appendingPathComponent("scan.jpg"))
            try addRow("scan.jpg")
            try append(featuresStep())
            return Case(expected: ["catalogue.md:", "scan.jpg`: the JPEG data cannot be decoded", "replace the file or remove it"])
        case .truncatedDICOM:
            // Pixel data cut short, in a file without an extension (found by its DICM preamble).
            try FileManager.default.copyItem(at: Self.dicomFixture("MR_truncated.dcm"), to: images.appendingPathComponent("IM0001"))
            try addRow("IM0001")
            try append(featuresStep())
            return Case(expected: [
                "catalogue.md:", "error: features #f: image `", "IM0001`: the DICOM data cannot be decoded: the file is truncated",
                "replace the file or remove it",
            ])
        case .dicomOfImpossibleSize:
            try FileManager.default.copyItem(at: Self.dicomFixture("hostile_frames.dcm"), to: images.appendingPathComponent("scan.dcm"))
            try addRow("scan.dcm")
            try append(featuresStep())
            return Case(expected: [
                "catalogue.md:", "scan.dcm`: the DICOM data cannot be decoded: Number of Frames (0028,0008) is 2147483647; Litmus reads 1…10000",
            ])
        case .dicomThatCrashesGDCM:
            // Found by the fuzzer: GDCM fails an assertion (abort) reading it; the reader runs in a child process.
            try FileManager.default.copyItem(at: Self.dicomFixture("regression-gdcm-meta-assert.dcm"), to: images.appendingPathComponent("scan.dcm"))
            try addRow("scan.dcm")
            try append(featuresStep())
            return Case(expected: [
                "catalogue.md:",
                "scan.dcm`: the DICOM data cannot be decoded: reading it: GDCM crashed (signal 6: an assertion in GDCM failed); the file is malformed",
            ])
        case .folderWithoutImages:
            for name in try FileManager.default.contentsOfDirectory(atPath: images.path) {
                try FileManager.default.removeItem(at: images.appendingPathComponent(name))
            }
            return Case(expected: ["catalogue.md:8:7: error: dataset #data: `images` has no PNG, JPEG or DICOM images"])
        case .labelsWithoutFileColumn:
            try "name,kl\nmost-00000.png,1\n".write(to: images.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
            return Case(expected: ["catalogue.md:7:4: error: dataset #data: `labels.csv` has no `file` column; columns: name, kl"])
        case .labelsNotUTF8:
            try Data("file,kl\nmost-00000.png,".utf8 + [0xFF, 0xFE] + Data("1\n".utf8)).write(to: images.appendingPathComponent("labels.csv"))
            return Case(expected: ["catalogue.md:7:4:", "`labels.csv` is not UTF-8 text; save it as UTF-8 CSV"])
        case .labelsListingAFileTwice:
            try addRow("most-00001.png")
            return Case(expected: ["catalogue.md:8:7:", "labels.csv:8: `most-00001.png` is listed again (first on line 3)"])
        case .labelsListingAMissingFile:
            try addRow("most-99999.png")
            return Case(expected: ["catalogue.md:8:7:", "labels.csv:8: `most-99999.png` does not exist in the folder"])
        case .truncatedWeights:
            try Self.safetensors(shape: [64, 3, 3, 3], dataBytes: 100).write(to: workspace.root.appendingPathComponent("vgg19.safetensors"))
            try append(featuresStep(weights: "vgg19.safetensors"))
            return Case(expected: [
                "catalogue.md:", "`vgg19.safetensors`: the weights file is truncated: the tensors need 6912 bytes of data, the file has 100",
            ])
        case .misshapedWeights:
            try Self.safetensors(shape: [64, 3, 2, 2], dataBytes: 3072).write(to: workspace.root.appendingPathComponent("vgg19.safetensors"))
            try append(featuresStep(weights: "vgg19.safetensors"))
            return Case(expected: ["catalogue.md:", "tensor `features.0.weight` has shape [64, 3, 2, 2], VGG19 needs [64, 3, 3, 3]"])
        case .weightsOfImpossibleShape:
            // 2³² × 2³² × 4 floats: the byte count overflows (this shape once crashed the reader).
            let header = Data(#"{"features.0.weight":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,0]}}"#.utf8)
            try (Data(withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }) + header)
                .write(to: workspace.root.appendingPathComponent("vgg19.safetensors"))
            try append(featuresStep(weights: "vgg19.safetensors"))
            return Case(expected: [
                "catalogue.md:",
                "`vgg19.safetensors`: the weights file's header is invalid: tensor `features.0.weight`: shape [4294967296, 4294967296, 4] of F32 is too large to exist (its byte count overflows)",
            ])
        case .npyOfComplexNumbers:
            try Self.npy(descr: "<c8", shape: [4, 3], payload: Data(count: 96)).write(to: workspace.root.appendingPathComponent("feat.npy"))
            return Case(expected: [
                "catalogue.md:12:7: error: load #feat: cannot read `feat.npy`: unsupported element type '<c8'",
                "save the array as float32",
            ])
        case .npyShorterThanItsHeader:
            try Self.npy(descr: "<f4", shape: [20, 5], payload: Data(count: 360)).write(to: workspace.root.appendingPathComponent("feat.npy"))
            return Case(expected: ["catalogue.md:12:7:", "the file is truncated: the header promises 400 bytes of data, the file has 360"])
        case .nanInMatrix:
            var values = Self.features
            values[3 * 5 + 2] = .nan
            try Self.npy(values).write(to: workspace.root.appendingPathComponent("feat.npy"))
            return Case(expected: [
                "catalogue.md:16:8: error: pca #pca: the input has a NaN or infinite value at row 3, column 2; remove or impute it first"
            ])
        case .moreClustersThanItems:
            try append("\n```{kmeans #km}\ninput: feat\nn_clusters: 50\n```\n")
            return Case(expected: ["catalogue.md:24:13: error: kmeans #km: n_clusters = 50 but there are only 20 samples; use at most 20 clusters"])
        case .fewerItemsThanNeighbors:
            try append("\n```{umap #um}\ninput: feat\nn_neighbors: 30\n```\n")
            return Case(expected: ["catalogue.md:24:14: error: umap #um: n_neighbors = 30 but there are only 20 samples; use n_neighbors ≤ 20"])
        case .paramOfWrongType:
            return Case(arguments: ["--param", "count=abc"], expected: ["error: --param count=abc: expected an integer, like the default 5"])
        case .exportOutsideTheReport:
            try append("\n```{export #ex}\ninput: pca.embedding\npath: ../../escape.npy\n```\n")
            return Case(expected: [
                "catalogue.md:24:7: error: `path` = `../../escape.npy` must stay inside the report's data/ folder",
                "hint: use a plain file name",
            ])
        }
    }

    @Test(arguments: Breakage.allCases)
    func badInputFailsClearlyAndKeepsTheReportAndTheCache(_ breakage: Breakage) throws {
        let workspace = try Self.workspace()
        let report = workspace.root.appendingPathComponent("reports/catalogue")
        let good = try CommandLineTests.litmus(["render", "catalogue.md", "--out", "reports/catalogue"], in: workspace.root)
        try #require(good.status == 0, "\(good.stderr)")
        let reportBefore = try Workspace.files(in: report)
        let cacheBefore = try Workspace.files(in: workspace.cache)
        #expect(!cacheBefore.isEmpty)

        let bad = try Self.breakInput(breakage, in: workspace)
        let run = try CommandLineTests.litmus(["render", "catalogue.md", "--out", "reports/catalogue"] + bad.arguments, in: workspace.root)
        #expect(run.status == 1)
        for fragment in bad.expected { #expect(run.stderr.contains(fragment), "missing `\(fragment)` in stderr:\n\(run.stderr)") }
        #expect(!run.stderr.contains("Fatal error"), "\(run.stderr)")
        #expect(try Workspace.files(in: report) == reportBefore, "the previous report changed")
        let cacheAfter = try Workspace.files(in: workspace.cache)
        for (name, data) in cacheBefore { #expect(cacheAfter[name] == data, "cache file \(name) was removed or changed") }
        let siblings = try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("reports").path)
        #expect(siblings == ["catalogue"], "temporary folders left behind: \(siblings)")
    }

    /// A damaged cache entry (one flipped byte) is reported once, recomputed, and the report is the same.
    @Test func damagedCacheEntryIsReportedOnceAndRecomputed() throws {
        let workspace = try Self.workspace()
        let report = workspace.root.appendingPathComponent("reports/catalogue")
        #expect(try CommandLineTests.litmus(["render", "catalogue.md", "--out", "reports/catalogue"], in: workspace.root).status == 0)
        let before = try Workspace.files(in: report).filter { $0.key != "run.json" }
        let entry = try #require(try Workspace.files(in: workspace.cache).keys.sorted().first { $0.hasSuffix("/value.json") })
        let url = workspace.cache.appendingPathComponent(entry)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: url)

        let run = try CommandLineTests.litmus(["render", "catalogue.md", "--out", "reports/catalogue"], in: workspace.root)
        #expect(run.status == 0)
        #expect(
            run.stderr.components(separatedBy: "is corrupt (its checksum does not match its contents); recomputing it").count == 2,
            "\(run.stderr)")
        #expect(run.stderr.contains("1 step(s) computed"), "\(run.stderr)")
        #expect(try Workspace.files(in: report).filter { $0.key != "run.json" } == before)
        let again = try CommandLineTests.litmus(["render", "catalogue.md", "--out", "reports/catalogue"], in: workspace.root)
        #expect(!again.stderr.contains("corrupt") && again.stderr.contains(" 0 step(s) computed"), "\(again.stderr)")
    }

    /// OPTICS finding nothing but noise is a result, not an error: the report says so and how to change it.
    @Test func opticsFindingOnlyNoiseIsReportedInTheText() throws {
        let workspace = try Self.workspace()
        let url = workspace.root.appendingPathComponent("catalogue.md")
        try (Self.template + "\n```{optics #op}\ninput: feat\nmin_samples: 3\nmax_eps: 0.00001\n```\n")
            .write(to: url, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.litmus(["render", "catalogue.md", "--out", "reports/catalogue"], in: workspace.root)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: workspace.root.appendingPathComponent("reports/catalogue/README.md"), encoding: .utf8)
        #expect(text.contains("OPTICS found no cluster: all 20 items are noise. Try a smaller `min_samples` or `xi`."))
    }

    /// A folder with the template, 6 phantom radiographs of 32 px with labels.csv, and 20 × 5 features.
    static func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try Self.template.write(to: workspace.root.appendingPathComponent("catalogue.md"), atomically: true, encoding: .utf8)
        let phantoms = try CommandLineTests.litmus(["phantoms", "--count", "6", "--size", "32", "--out", "images"], in: workspace.root)
        try #require(phantoms.status == 0, "\(phantoms.stderr)")
        try Self.npy(Self.features).write(to: workspace.root.appendingPathComponent("feat.npy"))
        return workspace
    }

    /// A .safetensors file holding `features.0.weight` (F32) of `shape`, with `dataBytes` bytes of data
    /// (which may be fewer than the shape needs).
    static func safetensors(shape: [Int], dataBytes: Int) -> Data {
        let size = shape.reduce(4, *)
        let header = Data(
            "{\"features.0.weight\":{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[0,\(size)]}}"
                .utf8)
        return Data(withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }) + header + Data(count: dataBytes)
    }

    static let features: [Float] = (0..<100).map { Float(($0 * 37) % 23) / 7 + Float($0 % 5) }

    static func npy(_ values: [Float]) -> Data {
        npy(descr: "<f4", shape: [values.count / 5, 5], payload: values.withUnsafeBytes { Data($0) })
    }

    /// A version 1.0 .npy file with the given header fields and data bytes (which may disagree).
    static func npy(descr: String, shape: [Int], payload: Data) -> Data {
        var header =
            "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(shape.map(String.init).joined(separator: ", "))\(shape.count == 1 ? "," : "")), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data += withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { Data($0) }
        return data + Data(header.utf8) + payload
    }
}
