import Analysis
import Foundation
import LinearAlgebra
import ReportEngine
import ReportTestSupport
import TestSupport
import Testing

@testable import DirectiveLibrary

/// The `stability` block: each seed's row is what a plain render with that front-matter seed computes.
@Suite struct StabilityTests {
    /// Two groups of points in 10-D, `separation` apart, and their group labels.
    static func workspace(separation: Float, count: Int = 120) throws -> Workspace {
        let workspace = try Workspace("litmus-stability")
        let noise = TestData.randomMatrix(rows: count, columns: 10, seed: 5)
        let shifted = Matrix(rows: count, columns: 10, storage: (0..<count * 10).map { noise.storage[$0] + ($0 / 10 < count / 2 ? 0 : separation) })
        try workspace.write("x.npy", NPYCodec.encode(NPYArray(shifted)))
        try workspace.write("g.npy", NPYCodec.encode(NPYArray(shape: [count], elements: .int64((0..<count).map { $0 < count / 2 ? 0 : 1 }))))
        return workspace
    }

    static let clustering = """
        ```{load #x}
        path: x.npy
        ```
        ```{load #g}
        path: g.npy
        ```
        ```{umap #u}
        input: x
        n_neighbors: 10
        n_epochs: 60
        ```
        ```{optics #o}
        input: u
        min_samples: 8
        ```
        ```{composition #c}
        clusters: o
        by: g
        ```
        """

    static func template(seed: Int, body: String, stability: String = "") -> String {
        "---\nseed: \(seed)\n---\n" + body + "\n" + stability
    }

    /// Every step's value after planning and running `text` as `t.md` (no cache unless given).
    static func values(
        _ workspace: Workspace, _ text: String, cache: URL? = nil,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> [String: Value] {
        try workspace.write(text)
        let template = try TemplateParser().parse(source: text, path: workspace.templatePath)
        let plan = try Planner(registry: .standard).plan(template, baseDirectory: workspace.root)
        return try Runner(registry: .standard, cache: cache.map { ResultCache(directory: $0) }, log: log).run(plan).values
    }

    /// Checks each seed's row of `st.table` against a render with that seed.
    static func expectRowsMatchPlainRenders(_ workspace: Workspace, body: String, values names: [String], seeds: [Int]) throws {
        let stability =
            "```{stability #st}\nvalues: [\(names.joined(separator: ", "))]\nseeds: [\(seeds.map(String.init).joined(separator: ", "))]\n```\n"
        let result = try values(workspace, template(seed: 7, body: body, stability: stability))
        let value = try #require(result["st"])
        let table = try #require(Table(value: value.resolvingPrimary))
        #expect(table["seed"] == .ints(seeds))
        for (row, seed) in seeds.enumerated() {
            let plain = try values(workspace, template(seed: seed, body: body))
            for name in names {
                let parts = name.split(separator: ".").map(String.init)
                let expected = try #require(try plain[parts[0]]?.member(parts[1]).number)
                #expect(table[name]?.numbers?[row] == expected, "`\(name)` with seed \(seed)")
            }
        }
    }

    @Test func eachSeedsRowIsThatOfAPlainRenderWithTheSeed() throws {
        let workspace = try Self.workspace(separation: 1.2)
        try Self.expectRowsMatchPlainRenders(
            workspace, body: Self.clustering, values: ["c.accuracy", "o.n_clusters", "o.noise_fraction"],
            seeds: [1, 2, 7, 40])
    }

    @Test func eachSeedsRowIsThatOfAPlainRenderWithTheSeedForKMeansAndTheSweep() throws {
        let workspace = try Self.workspace(separation: 1.2)
        let body = """
            ```{load #x}
            path: x.npy
            ```
            ```{pca #p}
            input: x
            n_components: 5
            ```
            ```{kmeans #k}
            input: p
            n_clusters: 2..5
            n_init: 1
            ```
            ```{agreement_sweep #sw}
            a: x
            b: x
            dims: 2..3
            n_neighbors: 10
            min_samples: 8
            ```
            """
        try Self.expectRowsMatchPlainRenders(workspace, body: body, values: ["k.inertia", "sw.min_ari", "sw.mean_ari"], seeds: [3, 4, 5])
    }

    @Test func wellSeparatedGroupsHaveNoSpreadInAccuracy() throws {
        let workspace = try Self.workspace(separation: 40)
        let result = try Self.values(
            workspace,
            Self.template(
                seed: 1, body: Self.clustering,
                stability: """
                    ```{stability #st}
                    values: [c.accuracy]
                    seeds: 5
                    labels: [o]
                    ```
                    """))
        let spread = try #require(try result["st"]?.member("summary").member("c.accuracy"))
        #expect(try spread.member("std").number == 0)
        #expect(try spread.member("min").number == 1)
        #expect(try spread.member("max").number == 1)
        #expect(try result["st"]?.member("table").member("seed") == .list((1...5).map { .int($0) }))
        let agreement = try #require(try result["st"]?.member("agreement").member("o"))
        #expect(try agreement.member("pairs").number == 10)
        let (mean, lowest) = (try #require(try agreement.member("mean_ari").number), try #require(try agreement.member("min_ari").number))
        #expect(lowest <= mean && mean <= 1)
    }

    @Test func addingSeedsComputesOnlyTheNewOnes() throws {
        let workspace = try Self.workspace(separation: 1.2)
        let cache = workspace.cache
        func render(_ seeds: String) throws -> [String] {
            let lines = LogLines()
            _ = try Self.values(
                workspace,
                Self.template(
                    seed: 1, body: Self.clustering,
                    stability: """
                        ```{stability #st}
                        values: [c.accuracy, o.n_clusters]
                        seeds: \(seeds)
                        ```
                        """), cache: cache, log: lines.append)
            return lines.all.filter { $0.contains(" for seed ") }
        }
        let first = try render("[2, 3]")
        #expect(first.count == 6, "umap, optics and composition for seeds 2 and 3: \(first)")
        let second = try render("[2, 3, 4]")
        #expect(second.count == 3 && second.allSatisfy { $0.hasSuffix(")") && $0.contains("for seed 4 ") }, "\(second)")
        // The report's own seed is the report's values: nothing rerun for it.
        #expect(try render("[1, 2, 3, 4]").isEmpty)
    }

    @Test func checkWarnsOfValuesNoSeedChangesAndRejectsWhatIsNotANumberOrAClustering() throws {
        let workspace = try Self.workspace(separation: 1.2)
        func plan(_ stability: String) throws(DiagnosticList) -> Plan {
            let text = Self.template(seed: 1, body: Self.clustering, stability: stability)
            let template = try TemplateParser().parse(source: text, path: "t.md")
            return try Planner(registry: .standard).plan(template, baseDirectory: workspace.root)
        }
        let warned = try plan("```{stability #st}\nvalues: [c.accuracy, x.rows]\n```\n")
        #expect(warned.warnings.map(\.message) == ["`x.rows` is the same in every seed: no step before it uses the seed"])
        #expect(warned.warnings.first?.location?.line == 24)
        #expect(warned.warnings.first?.description.contains("t.md:24:22: warning:") == true)

        // With an error, the warnings come too, counted apart.
        do {
            _ = try plan("```{stability #st}\nvalues: [c.table, x.rows]\n```\n")
            Issue.record("`c.table` passed the check")
        } catch {
            #expect(error.diagnostics.map(\.severity) == [.error, .warning])
            #expect(error.description.hasSuffix("\n1 error, 1 warning"))
        }
        do {
            _ = try plan("```{stability #st}\nvalues: [c.table, u]\nlabels: [g, o]\nseeds: [3, 3, 4]\n```\n")
            Issue.record("a bad stability block passed the check")
        } catch {
            let messages = error.diagnostics.map(\.message)
            #expect(messages.contains("`values[0]` must be a number, but `c.table` is a table"))
            #expect(messages.contains("`values[1]` must be a number, but `u` is a record"))
            #expect(messages.contains("`labels`: `g` is the same in every seed, so it is no clustering a random step made"))
            #expect(messages.contains("`stability`: a seed is listed twice in [3, 3, 4]"))
            #expect(error.diagnostics.allSatisfy { $0.location?.line ?? 0 >= 24 })
        }
        // One number is a count of 2…1000 seeds (0 used to reach `Array(1...0)` and stop litmus).
        for count in [0, 1, 5000] {
            do {
                _ = try plan("```{stability #st}\nvalues: [c.accuracy]\nseeds: \(count)\n```\n")
                Issue.record("`seeds: \(count)` passed the check")
            } catch {
                #expect(
                    error.diagnostics.map(\.message).contains { $0.contains("`seeds` = \(count) is out of range") },
                    "\(error.diagnostics.map(\.message))")
            }
        }
    }

    /// A count per seed (`n_clusters`) is plotted with whole-number y ticks only (no 8.5 clusters); a value
    /// with a fraction in a seed or in the report keeps the plain ticks.
    @Test func stripPlotOfWholeNumbersAsksForWholeNumberTicks() throws {
        func integerYTicks(_ column: Column, report: Double) throws -> Bool {
            let values = try #require(column.numbers)
            let seeds = Array(1...values.count)
            let spread = StabilityDirective.Spread(report: report, seeds: try #require(SampleSummary(values)))
            let result = StabilityDirective.Result(
                table: Table([.init("seed", .ints(seeds)), .init("v", column)]),
                summary: NamedGroups([.init("v", spread)]), agreement: NamedGroups([]),
                seeds: seeds, reportSeed: 1)
            return StabilityDirective().strip("v", spread, result).axes.integerYTicks
        }
        #expect(try integerYTicks(.ints([8, 9, 9, 10, 8]), report: 8))
        #expect(try integerYTicks(.doubles([8, 9, 9, 10, 8]), report: 9), "whole numbers stored as doubles")
        #expect(try integerYTicks(.ints([9, 9, 9]), report: 9), "the same in every seed")
        #expect(try !integerYTicks(.ints([8, 9, 9, 10, 8]), report: 8.5), "the report's value has a fraction")
        #expect(try !integerYTicks(.doubles([0.95, 0.97, 1]), report: 0.96))
    }

    @Test func aFixedSeedIsNotRerun() throws {
        let workspace = try Self.workspace(separation: 1.2)
        let fixed = Self.clustering.replacingOccurrences(of: "n_epochs: 60", with: "n_epochs: 60\nseed: 3")
        let template = try TemplateParser().parse(
            source: Self.template(seed: 1, body: fixed, stability: "```{stability #st}\nvalues: [c.accuracy]\n```\n"),
            path: "t.md")
        let plan = try Planner(registry: .standard).plan(template, baseDirectory: workspace.root)
        #expect(plan.warnings.count == 1, "umap with its own seed does not use the template's")
        #expect(plan.seedDependentSteps.isEmpty)
    }
}

/// Log lines collected from several threads.
final class LogLines: @unchecked Sendable {
    private var lines = [String]()
    private let lock = NSLock()
    @Sendable func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
