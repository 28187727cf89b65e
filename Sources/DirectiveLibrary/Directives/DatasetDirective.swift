import Foundation
import Imaging
import LinearAlgebra
import Phantoms
import ReportEngine

/// `dataset`: a folder of images with their labels, optionally grouped (healthy = KL 0–1, OA = KL 2–4)
/// and sampled to a balanced, seeded subset.
struct DatasetDirective: TypedDirective {
    let name = "dataset"
    let summary = "Images from a folder with labels.csv (or sub-folder names), label groups and balanced seeded sampling."
    /// 3: `per_group` samples with `sample_seed`, not the template's seed. 4: `exclude`, demo `copies`.
    /// 5: `per_group` takes the images whose names rank first (stable when images are added).
    let version = 5
    /// Bumped when the phantom generator's output changes (not with `version`): names the demo folders.
    static let phantomVersion = 1
    let output = OutputKind.text

    enum OnError: String, OptionChoice { case stop, skip }

    static let path = Option<String?>(
        "path", .oneOf([.choice(PhantomStyle.allCases.map { "demo:\($0.rawValue)" }), .inputFolder]),
        doc: "the folder of \(ImageFormat.names) images ("
            + ImageFormat.all.filter(\.foundByContent).map { "\($0.name) found by `.\($0.extensions[0])` or by \($0.signature)" }.joined(
                separator: "; ")
            + "), relative to the template; or `demo:most`, `demo:oai`, `demo:synthetic`"
    )
    static let demo = Option<PhantomStyle?>(
        "demo", .choice(PhantomStyle.allCases.map(\.rawValue)),
        doc: "instead of `path`: built-in phantom knee radiographs of this look (most, oai, synthetic)")
    static let count = Option<Int>("count", .int(1...1_000_000), default: 500, doc: "with `demo`: how many phantoms (KL 0–4 in turn)")
    static let size = Option<Int>("size", .int(32...2048), default: 256, doc: "with `demo`: phantom size in pixels")
    static let labels = Option<String>(
        "labels", .string, default: "labels.csv",
        doc: "CSV inside the folder with a `file` column and label columns; without it, sub-folder names are the label")
    static let label = Option<String?>("label", .string, doc: "the label column that `groups` and `per_group` use; default `kl`, else the first")
    static let groups = Option<OptionValue?>(
        "groups", .mapping(.list(.oneOf([.int(nil), .string]))),
        doc: "named groups of label values, e.g. {healthy: [0, 1], OA: [2, 3, 4]}")
    static let perGroup = Option<Int?>(
        "per_group", .int(1...10_000_000),
        doc:
            "sample this many images per group: those whose file names rank first under `sample_seed`, so added images change the sample only by those that rank first; default all"
    )
    /// Which images a study uses is part of its data, not of its chance: the template's seed (which a
    /// `stability` block varies) leaves the sample alone.
    static let sampleSeed = Option<Int>(
        "sample_seed", .int(0...Int.max), default: 0,
        doc: "seed of the `per_group` sample, with the block's id; the template's seed does not change it")
    static let source = Option<String?>("source", .string, doc: "the source name of these images (a `source` column); default the folder's name")
    static let onError = Option<OnError>(
        "on_error", default: .stop,
        doc: "`skip` leaves out files with problems and counts them; `stop` reports them and fails")
    static let exclude = InputOption.references(
        "exclude", accepts: [.record, .table],
        doc: "datasets whose images (by file) this one leaves out before grouping and sampling, e.g. the training images, to keep a held-out set")
    static let copies = Option<Int>(
        "copies", .int(0...1_000_000), default: 0,
        doc:
            "with `demo: synthetic` and `copies_of`: how many of the sampled images are near-copies of images `copies_of` uses (a memorizing generator; the `copy_of` label names the original)"
    )
    static let copiesOf = InputOption.reference(
        "copies_of", accepts: [.record],
        doc: "with `copies`: the `demo: oai` dataset whose sampled images are copied (the generator's training set)")

    var options: [OptionSpec] {
        OptionSpec.of([
            Self.path, Self.demo, Self.count, Self.size, Self.labels, Self.label, Self.groups, Self.perGroup, Self.sampleSeed, Self.source,
            Self.onError,
            Self.exclude, Self.copies, Self.copiesOf,
        ])
    }

    struct Result: DirectiveResult {
        var table: Table
        var count: Int
        var skipped: Int
        var problems: [String]
        var name: String
        var source: ItemLabels
        var group: ItemLabels?
        var sha256: String
        /// One label vector per label column, each a field named after its column.
        var labels: [ItemLabels]

        static let primary: String? = "table"
        static var fields: [ResultField<Result>] {
            [
                .init("table", \.table, doc: "id, file, source and every label column, a row per image"),
                .init("count", \.count, doc: "images in the dataset"),
                .init("skipped", \.skipped, doc: "files left out for problems (`on_error: skip`)"),
                .init("problems", \.problems, doc: "what was wrong with each"),
                .init("name", \.name, doc: "the source name"),
                .init("source", \.source, doc: "each image's source, as labels"),
                .init("group", \.group, doc: "with `groups`: each image's group"),
                .init("sha256", \.sha256, doc: "a fingerprint of the images used: their ids and contents"),
            ]
        }
        static var otherFields: (shape: ValueShape, doc: String)? {
            (.labels, "each label column of labels.csv (or the sub-folder name) as labels, named after it: `kl`, `side`, …")
        }
        var otherFieldValues: [Record.Field] { labels.map { Record.Field($0.name, .labels($0)) } }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (table, count, skipped, problems, name) = (try r(\.table), try r(\.count), try r(\.skipped), try r(\.problems), try r(\.name))
            (source, group, sha256) = (try r(\.source), try r(\.group), try r(\.sha256))
            labels = r.others.compactMap { if case .labels(let l) = $0.value { l } else { nil } }
        }

        init(
            table: Table, count: Int, skipped: Int, problems: [String], name: String, source: ItemLabels, group: ItemLabels?,
            sha256: String, labels: [ItemLabels]
        ) {
            (self.table, self.count, self.skipped, self.problems, self.name) = (table, count, skipped, problems, name)
            (self.source, self.group, self.sha256, self.labels) = (source, group, sha256, labels)
        }
    }

    func check(_ options: ResolvedOptions) -> [(option: String?, message: String)] {
        switch (options[Self.path].flatMap { Self.demoStyle($0) == nil ? $0 : nil }, demo(options)) {
        case (nil, nil): [(nil, "give `path` (a folder of images) or `demo` (most, oai or synthetic)")]
        case (.some, .some): [(Self.demo.name, "give `path` or `demo`, not both")]
        case (nil, let style?) where options[Self.copies] > 0 && style != .synthetic:
            [(Self.copies.name, "`copies` makes synthetic images that copy OAI ones; use it with `demo: synthetic`")]
        case (nil, .synthetic?) where options[Self.copies] > 0 && options.writtenEach(Self.copiesOf).isEmpty:
            [(Self.copiesOf.name, "`copies` needs `copies_of`: the `demo: oai` dataset whose images the copies copy")]
        default: []
        }
    }

    /// `demo: most`, or `path: demo:most` (so a template parameter can switch between demo and real data).
    private func demo(_ options: ResolvedOptions) -> PhantomStyle? {
        options[Self.demo] ?? options[Self.path].flatMap(Self.demoStyle)
    }

    private static func demoStyle(_ text: String) -> PhantomStyle? {
        text.hasPrefix("demo:") ? PhantomStyle(rawValue: String(text.dropFirst(5))) : nil
    }

    func compute(_ context: RunContext) throws -> Result {
        let o = context.options
        var folder = try context.folder(Self.path) ?? demoFolder(context, copies: [])
        var (catalog, entries, groupOf) = try select(folder, context)
        if demo(o) == .synthetic, o[Self.copies] > 0, context.folder(Self.path) == nil {
            // The sample depends on the labels and file names, which copies keep: the same images are drawn again.
            folder = try demoFolder(context, copies: try copyIndices(sampled: entries.map(\.file), context))
            (catalog, entries, groupOf) = try select(folder, context)
        }
        let source = o[Self.source] ?? demo(o)?.rawValue ?? folder.lastPathComponent
        let ids = entries.map { "\(source)/\($0.file)" }
        var columns: [Table.NamedColumn] = [
            .init("id", .strings(ids)),
            .init("file", .strings(entries.map { folder.appendingPathComponent($0.file).path })),
            .init("source", .strings(entries.map { _ in source })),
        ]
        var labels = [ItemLabels]()
        for (c, name) in catalog.columns.enumerated() where name != "source" {
            let column = Column.inferring(entries.map { $0.labels[c] })
            columns.append(.init(name, column))
            labels.append(ItemLabels(ids: ids, column: column, name: name))
        }
        if let groupOf { columns.append(.init("group", .strings(groupOf))) }
        // A fingerprint of exactly the images used (ids and contents), for the report's reproducibility notes.
        let fingerprint = try zip(ids, entries).map { id, entry in
            do { return "\(id) \(try context.hash(of: folder.appendingPathComponent(entry.file)))" } catch {
                throw DirectiveError("cannot read image `\(entry.file)`: \(error.localizedDescription)", option: Self.path.name)
            }
        }
        return Result(
            table: Table(columns), count: entries.count, skipped: catalog.problems.count, problems: catalog.problems, name: source,
            source: ItemLabels(ids: ids, column: .strings(ids.map { _ in source }), name: "source"),
            group: groupOf.map { ItemLabels(ids: ids, column: .strings($0), name: "group") },
            sha256: context.fingerprint(fingerprint), labels: labels)
    }

    /// The folder's catalog and the entries the options select: grouped, then sampled per group.
    private func select(_ folder: URL, _ context: RunContext) throws
        -> (catalog: ImageFolderCatalog, entries: [ImageFolderCatalog.Entry], groupOf: [String]?)
    {
        let o = context.options
        let catalog = try ImageFolderCatalog(folder: folder, labelsFile: o[Self.labels])
        if !catalog.problems.isEmpty && o[Self.onError] == .stop {
            let shown = catalog.problems.prefix(8).joined(separator: "\n    ")
            let more = catalog.problems.count > 8 ? "\n    … and \(catalog.problems.count - 8) more" : ""
            throw DirectiveError(
                "\(catalog.problems.count) problem\(catalog.problems.count == 1 ? "" : "s") in `\(folder.lastPathComponent)`:\n    "
                    + shown + more + "\n  fix them, or add `on_error: skip` to leave those files out", option: Self.path.name)
        }
        guard !catalog.entries.isEmpty else {
            throw DirectiveError("`\(folder.lastPathComponent)` has no \(ImageFormat.names) images", option: Self.path.name)
        }
        let labelColumn = try labelIndex(catalog, o[Self.label])
        var entries = catalog.entries
        let excluded = try excludedFiles(context)
        if !excluded.isEmpty {
            entries = entries.filter { !excluded.contains(folder.appendingPathComponent($0.file).standardizedFileURL.path) }
            guard !entries.isEmpty else {
                throw DirectiveError("every image of `\(folder.lastPathComponent)` is in `exclude`; nothing is left", option: Self.exclude.name)
            }
        }
        var groupOf = [String]?.none
        if case .map(let groupSpecs)? = o[Self.groups] {
            let assignment = try groups(groupSpecs)
            let label = { (e: ImageFolderCatalog.Entry) in Self.normalized(e.labels[labelColumn]) }
            entries = entries.filter { assignment[label($0)] != nil }
            groupOf = entries.map { assignment[label($0)]! }
        }
        if let perGroup = o[Self.perGroup] {
            let keys = groupOf ?? entries.map { $0.labels[labelColumn] }
            let picked = try sample(
                keys: keys, names: entries.map(\.file), perGroup: perGroup, seed: Planner.seed(o[Self.sampleSeed], id: context.stepID))
            entries = picked.map { entries[$0] }
            groupOf = groupOf.map { all in picked.map { all[$0] } }
        }
        return (catalog, entries, groupOf)
    }

    /// The files of the `exclude` datasets.
    private func excludedFiles(_ context: RunContext) throws -> Set<String> {
        var files = Set<String>()
        for value in context.values(Self.exclude) {
            files.formUnion(
                try ImageFiles.paths(in: value, option: Self.exclude.name).values.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        }
        return files
    }

    /// Which synthetic images become copies: image i copies OAI image i, so both must be in the samples
    /// the report uses — this dataset's and `copies_of`'s. `copies` of those, spread evenly.
    private func copyIndices(sampled files: [String], _ context: RunContext) throws -> Set<Int> {
        let wanted = context.options[Self.copies]
        let originals = Set(
            try ImageFiles.paths(in: try context.value(Self.copiesOf), option: Self.copiesOf.name).values.map {
                URL(fileURLWithPath: $0).lastPathComponent
            })
        guard originals.allSatisfy({ PhantomSet.index(ofFile: $0, style: .oai) != nil }) else {
            throw DirectiveError("`copies_of` must be a `demo: oai` dataset (its files are named oai-NNNNN.png)", option: Self.copiesOf.name)
        }
        let candidates = files.compactMap { PhantomSet.index(ofFile: $0, style: .synthetic) }.filter {
            originals.contains(PhantomSet.fileName(.oai, $0))
        }.sorted()
        guard candidates.count >= wanted else {
            throw DirectiveError(
                "only \(candidates.count) of the sampled synthetic images have their OAI original in `copies_of`'s sample; ask for at most that many copies",
                option: Self.copies.name)
        }
        return Set(PhantomSet.spread(wanted, in: candidates.count).map { candidates[$0] })
    }

    /// Phantoms generated on first use into the work folder, named by everything that shapes them.
    private func demoFolder(_ context: RunContext, copies: Set<Int>) throws -> URL {
        guard let style = demo(context.options) else { throw DirectiveError("give `path` or `demo`", option: Self.path.name) }
        let (count, size) = (context.options[Self.count], context.options[Self.size])
        let copyTag =
            copies.isEmpty
            ? ""
            : "-copies-"
                + context.fingerprint(["noise \(PhantomSet.copyNoise): " + copies.sorted().map(String.init).joined(separator: ",")]).prefix(12)
        let name = "demo-\(style.rawValue)-n\(count)-px\(size)-v\(Self.phantomVersion)\(copyTag)"
        let folder = context.workDirectory.appendingPathComponent(name)
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent("labels.csv").path) { return folder }
        let staging = context.workDirectory.appendingPathComponent(".\(name).\(UUID().uuidString)")
        try PhantomSet(style: style, count: count, seed: 0, size: size, copies: copies).write(to: staging)
        if !manager.fileExists(atPath: folder.path) { try? manager.moveItem(at: staging, to: folder) }
        try? manager.removeItem(at: staging)
        return folder
    }

    private func labelIndex(_ catalog: ImageFolderCatalog, _ name: String?) throws -> Int {
        if let name {
            guard let index = catalog.columns.firstIndex(of: name) else {
                throw DirectiveError(
                    "there is no label column `\(name)`; columns: \(catalog.columns.joined(separator: ", "))", option: Self.label.name)
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
                    throw DirectiveError("label `\(key)` is in both `\(other)` and `\(spec.key)`", option: Self.groups.name)
                }
                assignment[key] = spec.key
            }
        }
        return assignment
    }

    /// `per_group` items of each group: those whose file names rank first by `SampleRank` under `seed`
    /// (ties by position); positions returned in input order. Each image's rank is its own, so images
    /// added to the folder change the sample only by those that rank among the first, each displacing
    /// one: the features of every other sampled image are still in the cache.
    private func sample(keys: [String], names: [String], perGroup: Int, seed: UInt64) throws -> [Int] {
        var byGroup = [String: [Int]]()
        for (i, key) in keys.enumerated() { byGroup[key, default: []].append(i) }
        var picked = [Int]()
        for key in byGroup.keys.sorted() {
            let members = byGroup[key]!
            guard members.count >= perGroup else {
                throw DirectiveError("group `\(key)` has \(members.count) images, fewer than per_group = \(perGroup)", option: Self.perGroup.name)
            }
            let ranked = members.map { (rank: SampleRank.of(names[$0], seed: seed), position: $0) }.sorted {
                ($0.rank, $0.position) < ($1.rank, $1.position)
            }
            picked += ranked.prefix(perGroup).map(\.position)
        }
        return picked.sorted()
    }

    /// "1", "1.0" and " 1" are the same label.
    static func normalized(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Double(trimmed), number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
        return trimmed
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        var text = "Dataset \(MarkdownText.escape(r.name)): \(r.count) images"
        if let groups = r.group {
            let counts = Dictionary(grouping: (0..<groups.ids.count).map { groups.column.text(at: $0) }, by: { $0 }).mapValues(\.count)
            text += " (" + counts.keys.sorted().map { "\(MarkdownText.escape($0)) \(counts[$0]!)" }.joined(separator: ", ") + ")"
        }
        if r.skipped > 0 { text += "; \(r.skipped) files with problems left out" }
        return Presentation(.markdown(text + "."))
    }
}

extension PhantomStyle: OptionDecodable, OptionChoice {}
