import Foundation
import Imaging
import ReportEngine

/// The images of a folder and their labels: from `labels.csv` (a `file` column plus label columns) or,
/// without one, from sub-folder names (`kl0/…`, `kl1/…`). Lists every inconsistency found. Images are
/// PNG, JPEG and DICOM: by extension, and DICOM also by its `DICM` preamble (archives often name files
/// without an extension).
struct ImageFolderCatalog {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "dcm"]

    struct Entry: Equatable {
        /// Path relative to the folder.
        let file: String
        /// Label columns, in header order.
        let labels: [String]
    }

    let columns: [String]
    let entries: [Entry]
    /// Human-readable problems, each naming the file (and line of labels.csv).
    let problems: [String]

    init(folder: URL, labelsFile: String) throws {
        let images = Self.images(in: folder)
        let labelsURL = folder.appendingPathComponent(labelsFile)
        if FileManager.default.fileExists(atPath: labelsURL.path) {
            guard let data = FileManager.default.contents(atPath: labelsURL.path),
                let text = String(data: data, encoding: .utf8)
            else {
                throw DirectiveError("`\(labelsFile)` is not UTF-8 text; save it as UTF-8 CSV", option: "labels")
            }
            let csv: CSVTable
            do { csv = try CSVTable(parsing: text) } catch { throw DirectiveError("`\(labelsFile)` \(error)", option: "labels") }
            guard let fileIndex = csv.header.firstIndex(of: "file") else {
                throw DirectiveError("`\(labelsFile)` has no `file` column; columns: \(csv.header.joined(separator: ", "))", option: "labels")
            }
            columns = csv.header.enumerated().filter { $0.offset != fileIndex }.map(\.element)
            var problems = [String]()
            var seen = [String: Int]()
            var entries = [Entry]()
            let present = Set(images)
            for (row, cells) in csv.rows.enumerated() {
                let line = row + 2
                let file = cells[fileIndex].trimmingCharacters(in: .whitespaces)
                if let first = seen[file] {
                    problems.append("\(labelsFile):\(line): `\(file)` is listed again (first on line \(first))")
                    continue
                }
                seen[file] = line
                guard present.contains(file) else {
                    problems.append("\(labelsFile):\(line): `\(file)` does not exist in the folder")
                    continue
                }
                entries.append(Entry(file: file, labels: cells.enumerated().filter { $0.offset != fileIndex }.map(\.element)))
            }
            for image in images where seen[image] == nil {
                problems.append("`\(image)` is not listed in \(labelsFile)")
            }
            let unusable = Dictionary(
                uniqueKeysWithValues: entries.compactMap { entry in
                    Self.imageProblem(folder.appendingPathComponent(entry.file)).map { (entry.file, $0) }
                })
            for entry in entries { if let problem = unusable[entry.file] { problems.append("`\(entry.file)` \(problem)") } }
            entries.removeAll { unusable[$0.file] != nil }
            self.entries = entries
            self.problems = problems
        } else {
            // Sub-folder names as the label.
            columns = ["label"]
            var entries = [Entry]()
            var problems = [String]()
            for image in images {
                let parts = image.split(separator: "/")
                if parts.count < 2 {
                    problems.append("`\(image)` is in no sub-folder and there is no \(labelsFile) to label it")
                } else if let problem = Self.imageProblem(folder.appendingPathComponent(image)) {
                    problems.append("`\(image)` \(problem)")
                } else {
                    entries.append(Entry(file: image, labels: [String(parts[parts.count - 2])]))
                }
            }
            self.entries = entries
            self.problems = problems
        }
    }

    /// Why the file cannot be a whole PNG or JPEG, or nil: it must start like one and end like one (a PNG's
    /// IEND chunk, a JPEG's end marker, within its last KB). Decoding happens where pixels are needed; this
    /// catches empty, renamed, text and truncated files early, with the file named, for a few bytes each.
    /// A DICOM file (preamble, or a .dcm name) is checked when it is decoded: GDCM needs the whole file.
    static func imageProblem(_ url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "cannot be read" }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 132)) ?? Data())
        let isPNG = head.starts(with: [0x89, 0x50, 0x4E, 0x47])
        let isJPEG = head.starts(with: [0xFF, 0xD8, 0xFF])
        if ImageDecoder.hasDICOMPreamble(head) { return nil }
        if url.pathExtension.lowercased() == "dcm" { return head.isEmpty ? "is empty" : nil }
        guard isPNG || isJPEG else { return "is not a PNG, JPEG or DICOM image (its first bytes are none of them)" }
        guard let size = try? handle.seekToEnd() else { return "cannot be read" }
        try? handle.seek(toOffset: size > 1024 ? size - 1024 : 0)
        let tail = [UInt8]((try? handle.read(upToCount: 1024)) ?? Data())
        func contains(_ marker: [UInt8]) -> Bool {
            tail.count >= marker.count && (0...(tail.count - marker.count)).contains { Array(tail[$0..<($0 + marker.count)]) == marker }
        }
        if isPNG && !contains([0x49, 0x45, 0x4E, 0x44]) { return "is truncated: the PNG has no end chunk (IEND)" }
        if isJPEG && !contains([0xFF, 0xD9]) { return "is truncated: the JPEG has no end marker" }
        return nil
    }

    /// Image files below `folder`, relative paths, sorted; hidden files and folders skipped. A file with
    /// another extension, or none, counts when it starts like DICOM (`DICM` after 128 bytes).
    static func images(in folder: URL) -> [String] {
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var found = [String]()
        while let relative = enumerator.nextObject() as? String {
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            if imageExtensions.contains((relative as NSString).pathExtension.lowercased()) || isDICOM(base + "/" + relative) {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    /// Whether a regular file starts with the DICOM preamble (132 bytes read).
    private static func isDICOM(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        return ImageDecoder.hasDICOMPreamble([UInt8]((try? handle.read(upToCount: 132)) ?? Data()))
    }
}
