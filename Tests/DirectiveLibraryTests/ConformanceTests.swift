import Foundation
import LinearAlgebra
import ReportTestSupport
import TestSupport
import Testing

@testable import DirectiveLibrary
@testable import ReportEngine

/// Every directive of the standard registry, like scikit-learn's `check_estimator`: its declarations
/// are complete and true, and its result survives the cache. A directive added without an example here
/// fails `everyDirectiveHasAnExample`.
@Suite(.serialized) struct ConformanceTests {
    static let registry = DirectiveRegistry.standard
    static let names = registry.names

    @Test func everyDirectiveHasAnExample() throws {
        #expect(Set(Self.names) == Set(Examples.names), "add an example for each new directive to ConformanceTests.Examples")
    }

    @Test(arguments: names) func defaultsValidateAgainstTheirOwnTypes(_ name: String) throws {
        let directive = try #require(Self.registry.directive(named: name))
        for spec in Self.registry.options(of: directive) {
            guard let value = spec.defaultValue else { continue }
            let validator = OptionValidator(specs: [spec], directiveName: name, params: [:], stepIDs: [], baseDirectory: URL(fileURLWithPath: "/"))
            let location = SourceLocation(file: "t.md", line: 1, column: 1)
            let block = DirectiveBlock(
                name: Located(name, at: location), explicitID: nil, id: name, location: location,
                options: [.init(key: spec.name, keyLocation: location, value: Located(value, at: location))])
            #expect(validator.validate(block).diagnostics.isEmpty, "`\(name).\(spec.name)`: default `\(value.display)` fails its own type")
        }
    }

    /// Like scikit-learn's `check_param_validation`: every option of every directive refuses a value of the
    /// wrong kind and, where its type has bounds or choices, one outside them; options are declared once.
    @Test(arguments: names) func badValuesAreRefused(_ name: String) throws {
        let directive = try #require(Self.registry.directive(named: name))
        let specs = Self.registry.options(of: directive)
        #expect(Set(specs.map(\.name)).count == specs.count, "`\(name)` declares an option twice")
        let location = SourceLocation(file: "t.md", line: 1, column: 1)
        for spec in specs {
            if let value = spec.defaultValue {
                #expect(spec.decodes(value), "`\(name).\(spec.name)`: default `\(value.display)` does not read as its type")
            }
            let validator = OptionValidator(
                specs: [spec], directiveName: name, params: [:], stepIDs: ["known"],
                baseDirectory: URL(fileURLWithPath: "/nonexistent-litmus-folder"))
            let bad = Self.badValues(for: spec.type)
            #expect(!bad.isEmpty, "`\(name).\(spec.name)`: no bad value made for \(spec.type.summary)")
            for value in bad {
                let block = DirectiveBlock(
                    name: Located(name, at: location), explicitID: nil, id: name, location: location,
                    options: [.init(key: spec.name, keyLocation: location, value: Located(value, at: location))])
                #expect(!validator.validate(block).diagnostics.isEmpty, "`\(name).\(spec.name)` (\(spec.type.summary)) accepted `\(value.display)`")
            }
        }
    }

    /// Values `type` must refuse: one of a kind no alternative takes, and the first value past each bound.
    static func badValues(for type: OptionType) -> [OptionValue] {
        let located = { (value: OptionValue) in Located(value, at: SourceLocation(file: "t.md", line: 1, column: 1)) }
        switch type {
        case .int(let range):
            return [.string("many")]
                + (range.map { r in
                    [r.lowerBound > Int.min ? .int(r.lowerBound - 1) : nil, r.upperBound < Int.max ? .int(r.upperBound + 1) : nil].compactMap { $0 }
                } ?? [])
        case .number(let range):
            // Past each bound where a Double past it exists (`0...greatestFiniteMagnitude` has no upper one).
            let past =
                range.map { r in [r.lowerBound - 1 < r.lowerBound ? r.lowerBound - 1 : nil, r.upperBound + 1 > r.upperBound ? r.upperBound + 1 : nil]
                } ?? []
            return [.string("much")] + past.compactMap { $0 }.map { .double($0) }
        case .fraction: return [.double(0), .double(1), .string("half")]
        case .range(let bounds): return [.string("low..high"), .bool(true)] + (bounds.upperBound < Int.max ? [.int(bounds.upperBound + 1)] : [])
        case .bool: return [.string("maybe"), .int(2)]
        case .string: return [.int(5), .map([])]
        case .choice: return [.string("no-such-choice"), .int(1)]
        case .reference: return [.int(3), .string("unknown_step.field")]
        case .inputFile: return [.int(3), .string("missing-file-litmus.none")]
        case .inputFolder: return [.int(3), .string("missing-folder-litmus")]
        case .mapping: return [.int(1), .string("not-a-mapping")]
        case .outputFile: return [.int(1), .string("../outside.csv")]
        case .list(let element): return badValues(for: element).map { .list([located($0)]) }
        case .oneOf(let types):
            // A kind no alternative takes; a value past a bound when every alternative refuses it too.
            let candidates: [OptionValue] = [.map([]), .bool(true), .double(-1e300), .string("no-such-choice..x")]
            return candidates.filter { candidate in types.allSatisfy { badValues(for: $0).contains(candidate) || !accepts($0, kind: candidate) } }
                .prefix(1).map { $0 }
        }
    }

    /// Whether `type` takes values of `value`'s kind at all (bounds aside).
    static func accepts(_ type: OptionType, kind value: OptionValue) -> Bool {
        switch (type, value) {
        case (.int, .int), (.number, .int), (.number, .double), (.fraction, .double), (.range, .int), (.range, .string), (.bool, .bool),
            (.string, .string), (.choice, .string), (.reference, .string), (.inputFile, .string), (.inputFolder, .string),
            (.mapping, .map), (.outputFile, .string), (.list, .list):
            true
        case (.list(let element), _): accepts(element, kind: value)
        case (.oneOf(let types), _): types.contains { accepts($0, kind: value) }
        default: false
        }
    }

    @Test(arguments: names) func docsAreComplete(_ name: String) throws {
        let directive = try #require(Self.registry.directive(named: name))
        #expect(!directive.summary.isEmpty)
        for spec in Self.registry.options(of: directive) { #expect(!spec.doc.isEmpty, "`\(name).\(spec.name)` has no doc") }
        if case .record(let fields, let primary, _) = directive.resultShape {
            for field in fields { #expect(!field.doc.isEmpty, "result field `\(name).\(field.name)` has no doc") }
            if let primary { #expect(fields.contains { $0.name == primary }, "`\(name)`'s primary `\(primary)` is not a field") }
        }
        for method in directive.methods { #expect(!method.doc.isEmpty) }
        let reference = DirectiveReference(registry: Self.registry).markdown(only: name)
        if case .record(let fields, _, _) = directive.resultShape {
            for field in fields { #expect(reference.contains("| `\(field.name)` |"), "docs/directives.md misses `\(name).\(field.name)`") }
        }
    }

    @Test(arguments: names) func runMatchesTheSchemaAndSurvivesTheCache(_ name: String) throws {
        let examples = try Examples.shared()
        let outcome = try examples.run(name)
        let directive = try #require(Self.registry.directive(named: name))
        let shape = directive.resultShape(options: outcome.options, inputs: [:])
        #expect(shape.mismatches(outcome.value, path: name) == [], "what `run` returns is not what `\(name)` declares")
        #expect(outcome.cached == outcome.value, "the cache's archive changed `\(name)`'s result")
        // `present` reads only the cached result and its inputs: a fresh result presents the same.
        let fresh = try directive.present(
            PresentContext(
                stepID: name, options: outcome.options, value: outcome.value,
                inputs: examples.inputs(name)))
        #expect(try Examples.describe(fresh) == Examples.describe(outcome.presentation))
    }

    /// A directive whose result changes with the step's seed must say it is random: only then does the
    /// seed enter its cache key (a render with another template seed would otherwise read a stale result)
    /// and does a `stability` block rerun it.
    @Test(arguments: names) func aResultThatMovesWithTheSeedIsDeclaredRandom(_ name: String) throws {
        let examples = try Examples.shared()
        let directive = try #require(Self.registry.directive(named: name))
        let (first, second) = (try examples.run(name).value, try examples.run(name, seed: 2).value)
        if first != second { #expect(directive.isRandom, "`\(name)`'s result changes with the seed, but it is not declared random") }
    }

    /// Small in-memory inputs for every directive, each computed once.
    final class Examples: @unchecked Sendable {
        static let names = [
            "load", "dataset", "combine", "features", "gradcam", "agreement_sweep", "pca", "table", "scatter", "line",
            "export", "kmeans", "optics", "agreement", "silhouette", "composition", "representatives", "umap",
            "reachability", "heatmap", "grid", "stability", "fidelity", "fidelity_chart", "memorization",
            "memorization_chart", "pair_grid", "utility",
        ]

        nonisolated(unsafe) private static var instance: Examples?
        private static let lock = NSLock()

        static func shared() throws -> Examples {
            try lock.withLock {
                if let instance { return instance }
                let made = try Examples()
                instance = made
                return made
            }
        }

        static let pointIDs = (0..<40).map { "most/\($0).png" }
        static let generatedIDs = (0..<30).map { "syn/\($0).png" }
        static let generatedPoints = Value.matrix(ItemMatrix(ids: generatedIDs, matrix: TestData.randomMatrix(rows: 30, columns: 5, seed: 4)))

        let harness: DirectiveHarness
        let points: Value
        let folder: URL
        var values = [String: Value]()

        private init() throws {
            harness = try DirectiveHarness()
            folder = try TestData.temporaryDirectory("litmus-conformance")
            points = .matrix(ItemMatrix(ids: Self.pointIDs, matrix: TestData.randomMatrix(rows: 40, columns: 5, seed: 3)))
            try NPYCodec.encode(NPYArray(TestData.randomMatrix(rows: 6, columns: 2, seed: 1))).write(to: folder.appendingPathComponent("x.npy"))
        }

        /// The options and inputs of each example.
        func spec(_ name: String) throws -> (options: [String: OptionValue], inputs: [String: Value], files: [String: URL]) {
            func value(_ example: String) throws -> Value {
                if let known = values[example] { return known }
                let made = try run(example).value
                values[example] = made
                return made
            }
            let labels = { try value("kmeans").resolvingPrimary }
            return switch name {
            case "load": ([:], [:], ["path": folder.appendingPathComponent("x.npy")])
            case "dataset": (["demo": .string("most"), "count": .int(4), "size": .int(32)], [:], [:])
            case "combine": ([:], ["inputs[0]": try value("dataset"), "inputs[1]": try value("dataset+synthetic")], [:])
            case "dataset+synthetic": (["demo": .string("synthetic"), "count": .int(3), "size": .int(32)], [:], [:])
            case "features": (["size": .int(32)], ["input": try value("dataset")], [:])
            case "gradcam":
                (
                    ["ids": .list([Located(.string("most/most-00000.png"), at: SourceLocation(file: "", line: 1, column: 1))])],
                    ["images": try value("dataset"), "features": try value("features")], [:]
                )
            case "agreement_sweep": (["dims": .string("2..3"), "n_neighbors": .int(5)], ["a": points, "b": points], [:])
            case "pca", "scatter", "export", "umap":
                (
                    name == "export" ? ["path": .string("x.csv")] : name == "umap" ? ["n_neighbors": .int(5), "n_epochs": .int(20)] : [:],
                    ["input": points], [:]
                )
            case "table", "line", "heatmap": ([:], ["input": try value("pca").member("summary")], [:])
            case "kmeans": (["n_clusters": .string("2..4")], ["input": points], [:])
            case "optics": (["min_samples": .int(5)], ["input": points], [:])
            case "agreement": ([:], ["a": try labels(), "b": try labels(), "points": points], [:])
            case "silhouette": ([:], ["labels": try labels(), "points": points], [:])
            case "composition": ([:], ["clusters": try labels(), "by": try labels()], [:])
            case "representatives": ([:], ["input": points, "labels": try labels()], [:])
            case "reachability": ([:], ["input": try value("optics")], [:])
            case "grid": ([:], ["input": .table(Table([.init("id", .strings(["most/most-00000.png"]))])), "images": try value("dataset")], [:])
            case "stability": (["seeds": .int(3)], ["values[0]": .double(0.5), "labels[0]": try labels()], [:])
            case "fidelity":
                (
                    ["k": .int(3), "kd_subsets": .int(4), "resamples": .int(20), "permutations": .int(20)],
                    ["real": points, "generated": Self.generatedPoints], [:]
                )
            case "fidelity_chart": ([:], ["inputs[0]": try value("fidelity"), "inputs[1]": try value("fidelity")], [:])
            case "features+synthetic": (["size": .int(32)], ["input": try value("dataset+synthetic")], [:])
            case "memorization":
                (
                    ["n_pairs": .int(2), "size": .int(32)],
                    [
                        "generated": try value("features+synthetic"), "train": try value("features"),
                        "images[0]": try value("dataset+synthetic"), "images[1]": try value("dataset"),
                    ], [:]
                )
            case "memorization_chart": ([:], ["input": try value("memorization")], [:])
            case "pair_grid":
                ([:], ["input": try value("memorization"), "images[0]": try value("dataset+synthetic"), "images[1]": try value("dataset")], [:])
            case "utility":
                (
                    ["folds": .int(3)],
                    [
                        "label": .labels(
                            ItemLabels(
                                ids: Self.pointIDs + Self.generatedIDs, column: .strings((0..<70).map { $0 % 3 == 0 ? "a" : "b" }), name: "side")),
                        "train[0]": points, "train[1]": Self.generatedPoints, "test[0]": points,
                    ], [:]
                )
            default: throw DirectiveError("no example for `\(name)`")
            }
        }

        func run(_ name: String, seed: UInt64 = 1) throws -> DirectiveHarness.Outcome {
            let (options, inputs, files) = try spec(name)
            // `dataset+synthetic`: a second example of `dataset`.
            let directive = name.split(separator: "+").first.map(String.init) ?? name
            return try harness.run(
                directive, options: options, inputs: inputs, files: files, seed: seed,
                repetitions: name == "stability" ? Self.repetitions(of: inputs) : nil)
        }

        /// `stability`'s reruns: the value moves with the seed, the clustering stays.
        static func repetitions(of inputs: [String: Value]) -> SeedRepetitions {
            SeedRepetitions(reportSeed: 1) { seeds in seeds.map { ["values[0]": .double(Double($0) / 10), "labels[0]": inputs["labels[0]"]!] } }
        }

        func inputs(_ name: String) throws -> [String: Value] { try spec(name).inputs }

        /// A presentation as comparable text: Markdown, a table's cells, a figure's PNG bytes, data files.
        static func describe(_ presentation: Presentation) throws -> String {
            let block: String =
                switch presentation.block {
                case nil: "none"
                case .markdown(let text): text
                case .table(let table, let digits): MarkdownTable(table: table, digits: digits).text
                case .figure(let dpi, let draw): "figure \(dpi) " + ContentHash.of(try draw().png)
                }
            return block + presentation.files.map { " \($0.name) \(ContentHash.of($0.bytes))" }.joined()
        }
    }
}
