import Foundation
import LinearAlgebra
import Phantoms

/// `dataset`: a folder of images with their labels, optionally grouped (healthy = KL 0–1, OA = KL 2–4)
/// and sampled to a balanced, seeded subset.
struct DatasetDirective: Directive {
    let name = "dataset"
    let summary = "Images from a folder with labels.csv (or sub-folder names), label groups and balanced seeded sampling."
    let version = 2
    /// Bumped when the phantom generator's output changes (not with `version`): names the demo folders.
    static let phantomVersion = 1
    let output = OutputKind.text
    let isRandom = true

    var options: [OptionSpec] {
        [
            OptionSpec("path", .oneOf([.choice(PhantomStyle.allCases.map { "demo:\($0.rawValue)" }), .inputFolder]),
                       doc: "the folder of PNG, JPEG or DICOM images (DICOM found by `.dcm` or its `DICM` preamble), relative to the template; or `demo:most`, `demo:oai`, `demo:synthetic`"),
            OptionSpec("demo", .choice(PhantomStyle.allCases.map(\.rawValue)),
                       doc: "instead of `path`: built-in phantom knee radiographs of this look (most, oai, synthetic)"),
            OptionSpec("count", .int(1...1_000_000), default: .int(500), doc: "with `demo`: how many phantoms (KL 0–4 in turn)"),
            OptionSpec("size", .int(32...2048), default: .int(256), doc: "with `demo`: phantom size in pixels"),
            OptionSpec("labels", .string, default: .string("labels.csv"),
                       doc: "CSV inside the folder with a `file` column and label columns; without it, sub-folder names are the label"),
            OptionSpec("label", .string, doc: "the label column that `groups` and `per_group` use; default `kl`, else the first"),
            OptionSpec("groups", .mapping(.list(.oneOf([.int(nil), .string]))),
                       doc: "named groups of label values, e.g. {healthy: [0, 1], OA: [2, 3, 4]}"),
            OptionSpec("per_group", .int(1...10_000_000), doc: "sample this many images per group (seeded); default all"),
            OptionSpec("source", .string, doc: "the source name of these images (a `source` column); default the folder's name"),
            OptionSpec("on_error", .choice(["stop", "skip"]), default: .string("stop"),
                       doc: "`skip` leaves out files with problems and counts them; `stop` reports them and fails"),
        ]
    }

    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] {
        switch (options["path"].flatMap { Self.demoStyle($0) == nil ? $0 : nil }, demo(options)) {
        case (nil, nil): [(nil, "give `path` (a folder of images) or `demo` (most, oai or synthetic)")]
        case (.some, .some): [("demo", "give `path` or `demo`, not both")]
        default: []
        }
    }

    /// `demo: most`, or `path: demo:most` (so a template parameter can switch between demo and real data).
    private func demo(_ options: ResolvedOptions) -> String? {
        options.string("demo") ?? options["path"].flatMap(Self.demoStyle)
    }

    private static func demoStyle(_ value: OptionValue) -> String? {
        if case .string(let text) = value, text.hasPrefix("demo:") { return String(text.dropFirst(5)) }
        return nil
    }

    func run(_ context: RunContext) throws -> Value {
        let folder = try context.folders["path"] ?? demoFolder(context)
        let catalog = try ImageFolderCatalog(folder: folder, labelsFile: context.options.string("labels") ?? "labels.csv")
        let skip = context.options.string("on_error") == "skip"
        if !catalog.problems.isEmpty && !skip {
            let shown = catalog.problems.prefix(8).joined(separator: "\n    ")
            let more = catalog.problems.count > 8 ? "\n    … and \(catalog.problems.count - 8) more" : ""
            throw DirectiveError("\(catalog.problems.count) problem\(catalog.problems.count == 1 ? "" : "s") in `\(folder.lastPathComponent)`:\n    "
                                 + shown + more + "\n  fix them, or add `on_error: skip` to leave those files out", option: "path")
        }
        guard !catalog.entries.isEmpty else {
            throw DirectiveError("`\(folder.lastPathComponent)` has no PNG, JPEG or DICOM images", option: "path")
        }
        let source = context.options.string("source") ?? demo(context.options) ?? folder.lastPathComponent
        let labelColumn = try labelIndex(catalog, context.options.string("label"))
        var entries = catalog.entries
        var groupOf = [String]?.none
        if case .map(let groupSpecs) = context.options["groups"] {
            let assignment = try groups(groupSpecs)
            let label = { (e: ImageFolderCatalog.Entry) in Self.normalized(e.labels[labelColumn]) }
            entries = entries.filter { assignment[label($0)] != nil }
            groupOf = entries.map { assignment[label($0)]! }
        }
        if let perGroup = context.options.int("per_group") {
            let keys = groupOf ?? entries.map { $0.labels[labelColumn] }
            let picked = try sample(keys: keys, perGroup: perGroup, seed: context.seed)
            entries = picked.map { entries[$0] }
            groupOf = groupOf.map { all in picked.map { all[$0] } }
        }
        let ids = entries.map { "\(source)/\($0.file)" }
        var columns: [Table.NamedColumn] = [
            .init("id", .strings(ids)),
            .init("file", .strings(entries.map { folder.appendingPathComponent($0.file).path })),
            .init("source", .strings(entries.map { _ in source })),
        ]
        var fields = [Record.Field]()
        for (c, name) in catalog.columns.enumerated() where name != "source" {
            let column = Column.inferring(entries.map { $0.labels[c] })
            columns.append(.init(name, column))
            fields.append(.init(name, .labels(ItemLabels(ids: ids, column: column, name: name))))
        }
        if let groupOf {
            columns.append(.init("group", .strings(groupOf)))
            fields.append(.init("group", .labels(ItemLabels(ids: ids, column: .strings(groupOf), name: "group"))))
        }
        fields.append(.init("source", .labels(ItemLabels(ids: ids, column: .strings(ids.map { _ in source }), name: "source"))))
        // A fingerprint of exactly the images used (ids and contents), for the report's reproducibility notes.
        let fingerprint = try zip(ids, entries).map { id, entry in
            do { return "\(id) \(try context.hash(of: folder.appendingPathComponent(entry.file)))" } catch {
                throw DirectiveError("cannot read image `\(entry.file)`: \(error.localizedDescription)", option: "path")
            }
        }
        fields.append(.init("sha256", .string(ContentHash.of(fingerprint.joined(separator: "\n")))))
        return .record(Record([
            .init("table", .table(Table(columns))),
            .init("count", .int(entries.count)),
            .init("skipped", .int(catalog.problems.count)),
            .init("problems", .list(catalog.problems.map(Value.string))),
            .init("name", .string(source)),
        ] + fields, primary: "table"))
    }

    /// Phantoms generated on first use into the work folder, named by everything that shapes them.
    private func demoFolder(_ context: RunContext) throws -> URL {
        guard let look = demo(context.options), let style = PhantomStyle(rawValue: look) else {
            throw DirectiveError("give `path` or `demo`", option: "path")
        }
        let count = context.options.int("count") ?? 500, size = context.options.int("size") ?? 256
        let name = "demo-\(look)-n\(count)-px\(size)-v\(Self.phantomVersion)"
        let folder = context.workDirectory.appendingPathComponent(name)
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent("labels.csv").path) { return folder }
        let staging = context.workDirectory.appendingPathComponent(".\(name).\(UUID().uuidString)")
        try PhantomSet(style: style, count: count, seed: 0, size: size).write(to: staging)
        if !manager.fileExists(atPath: folder.path) { try? manager.moveItem(at: staging, to: folder) }
        try? manager.removeItem(at: staging)
        return folder
    }

    private func labelIndex(_ catalog: ImageFolderCatalog, _ name: String?) throws -> Int {
        if let name {
            guard let index = catalog.columns.firstIndex(of: name) else {
                throw DirectiveError("there is no label column `\(name)`; columns: \(catalog.columns.joined(separator: ", "))", option: "label")
            }
            return index
        }
        return catalog.columns.firstIndex(of: "kl") ?? 0
    }

    /// Label value → group name; a value in two groups is an error.
    private func groups(_ specs: [OptionValue.MapEntry]) throws -> [String: String] {
        var assignment = [String: String]()
        for spec in specs {
            let values: [OptionValue] = if case .list(let items) = spec.value.value { items.map(\.value) } else { [spec.value.value] }
            for value in values {
                let key = Self.normalized(value.display)
                if let other = assignment[key] {
                    throw DirectiveError("label `\(key)` is in both `\(other)` and `\(spec.key)`", option: "groups")
                }
                assignment[key] = spec.key
            }
        }
        return assignment
    }

    /// `per_group` items of each group, drawn by a seeded shuffle; positions returned in input order.
    private func sample(keys: [String], perGroup: Int, seed: UInt64) throws -> [Int] {
        var byGroup = [String: [Int]]()
        for (i, key) in keys.enumerated() { byGroup[key, default: []].append(i) }
        var random = SeededGenerator(seed: seed)
        var picked = [Int]()
        for key in byGroup.keys.sorted() {
            var members = byGroup[key]!
            guard members.count >= perGroup else {
                throw DirectiveError("group `\(key)` has \(members.count) images, fewer than per_group = \(perGroup)", option: "per_group")
            }
            members.shuffle(using: &random)
            picked += members.prefix(perGroup)
        }
        return picked.sorted()
    }

    /// "1", "1.0" and " 1" are the same label.
    static func normalized(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Double(trimmed), number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
        return trimmed
    }

    func present(_ context: PresentContext) throws -> Presentation {
        guard case .record(let r) = context.value, let count = r["count"]?.number, case .string(let name)? = r["name"] else {
            return Presentation()
        }
        var text = "Dataset \(MarkdownText.escape(name)): \(Int(count)) images"
        if case .labels(let groups)? = r["group"] {
            let counts = Dictionary(grouping: (0..<groups.ids.count).map { groups.column.text(at: $0) }, by: { $0 }).mapValues(\.count)
            text += " (" + counts.keys.sorted().map { "\(MarkdownText.escape($0)) \(counts[$0]!)" }.joined(separator: ", ") + ")"
        }
        if let skipped = r["skipped"]?.number, skipped > 0 { text += "; \(Int(skipped)) files with problems left out" }
        return Presentation(.markdown(text + "."))
    }
}
