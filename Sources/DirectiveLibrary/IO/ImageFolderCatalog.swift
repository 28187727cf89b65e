import Foundation
import Imaging
import ReportEngine

/// The images of a folder and their labels: from `labels.csv` (a `file` column plus label columns) or,
/// without one, from sub-folder names (`kl0/…`, `kl1/…`). Lists every inconsistency found. Images are
/// the files of `ImageFormat.all`: by extension, and by content for a format found so (DICOM's preamble:
/// archives often name files without an extension).
struct ImageFolderCatalog {

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

    /// Why the file cannot be a whole image, or nil: it must start like a format and end like one (the
    /// format's `tailProblem` on its last KB: a PNG's IEND chunk, a JPEG's end marker). Decoding happens
    /// where pixels are needed; this catches empty, renamed, text and truncated files early, with the file
    /// named, for a few bytes each. A format without a tail check (DICOM: GDCM needs the whole file) is
    /// checked when it is decoded.
    static func imageProblem(_ url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "cannot be read" }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: ImageFormat.headLength)) ?? Data())
        let trusted = ImageFormat.named(byExtension: url.pathExtension).flatMap { $0.trustsExtension ? $0 : nil }
        guard let format = ImageFormat.sniffed(head) ?? trusted else {
            return "is not a \(ImageFormat.names) image (its first bytes are none of them)"
        }
        if head.isEmpty { return "is empty" }
        guard let tailProblem = format.tailProblem, format.sniff(head) else { return nil }
        guard let size = try? handle.seekToEnd() else { return "cannot be read" }
        try? handle.seek(toOffset: size > 1024 ? size - 1024 : 0)
        return tailProblem([UInt8]((try? handle.read(upToCount: 1024)) ?? Data()))
    }

    /// Image files below `folder`, relative paths, sorted; hidden files and folders skipped. A file with
    /// another extension, or none, counts when it starts like a format found by content (DICOM).
    static func images(in folder: URL) -> [String] {
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        let extensions = ImageFormat.allExtensions
        var found = [String]()
        while let relative = enumerator.nextObject() as? String {
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            if extensions.contains((relative as NSString).pathExtension.lowercased()) || isFoundByContent(base + "/" + relative) {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    /// Whether a regular file starts like a format found by its content (`ImageFormat.headLength` bytes read).
    private static func isFoundByContent(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: ImageFormat.headLength)) ?? Data())
        return ImageFormat.sniffed(head)?.foundByContent ?? false
    }
}
