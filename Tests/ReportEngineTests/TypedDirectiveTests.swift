import Foundation
import LinearAlgebra
import TestSupport
import Testing

@testable import ReportEngine

/// The engine's options, results and checks on directives of its own: typed keys read back their
/// declared defaults, a result survives the cache, and `litmus check` follows every field.
@Suite struct TypedDirectiveTests {
    /// A source of a matrix: a declared result with a primary field and a table of known columns.
    struct Source: TypedDirective {
        let name = "source"
        let summary = "a matrix and its size"
        let version = 1
        let output = OutputKind.text
        static let rows = Option<Int>("rows", .int(1...100), default: 3, doc: "rows")
        static let span = Option<IntRange>("span", .range(1...50), default: IntRange(2, 4), doc: "a range")
        static let label = Option<String?>("label", .string, doc: "no default")
        var options: [OptionSpec] { OptionSpec.of([Self.rows, Self.span, Self.label]) }

        struct Result: DirectiveResult, Equatable {
            var points: ItemMatrix
            var count: Int
            var span: [Int]
            var summary: Table
            var note: String?
            static let primary: String? = "points"
            static var fields: [ResultField<Result>] {
                [
                    .init("points", \.points, doc: "the matrix"), .init("count", \.count, doc: "rows"), .init("span", \.span, doc: "the range"),
                    .init("summary", \.summary, columns: ["k", "value"], doc: "a table"), .init("note", \.note, doc: "the label, if given"),
                ]
            }
            init(reading r: ResultReader<Result>) throws(ResultError) {
                (points, count, span, summary, note) = (try r(\.points), try r(\.count), try r(\.span), try r(\.summary), try r(\.note))
            }
            init(points: ItemMatrix, count: Int, span: [Int], summary: Table, note: String?) {
                (self.points, self.count, self.span, self.summary, self.note) = (points, count, span, summary, note)
            }
        }

        func compute(_ context: RunContext) throws -> Result {
            let n = context.options[Self.rows]
            let m = ItemMatrix(ids: (0..<n).map { "i\($0)" }, matrix: TestData.randomMatrix(rows: n, columns: 2, seed: 1))
            let span = context.options[Self.span].values
            return Result(
                points: m, count: n, span: span,
                summary: Table([.init("k", .ints(span)), .init("value", .doubles(span.map(Double.init)))]), note: context.options[Self.label])
        }

        var methods: [MethodSpec] { [MethodSpec("double", arguments: ["x"], returns: .number, doc: "twice x")] }
        func call(_ method: String, arguments: [Value], on value: Value) throws -> Value { .double(2 * (arguments[0].number ?? 0)) }
    }

    /// Reads a matrix; shows nothing.
    struct Sink: TypedDirective {
        let name = "sink"
        let summary = "reads a matrix"
        let version = 1
        let output = OutputKind.text
        static let input = InputOption.reference("input", accepts: [.matrix], required: true, doc: "a matrix")
        var options: [OptionSpec] { [Self.input.spec] }
        typealias Result = NoResult
        func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
            Presentation(.markdown("rows \(try context.matrix(Self.input).matrix.rows)"))
        }
    }

    let registry = DirectiveRegistry([Source(), Sink()])

    private func problems(_ source: String) -> [String] {
        do {
            let template = try TemplateParser().parse(source: source, path: "t.md")
            _ = try Planner(registry: registry).plan(template, baseDirectory: try TestData.temporaryDirectory())
            return []
        } catch let error as DiagnosticList {
            return error.diagnostics.map { d in (d.location.map { "\($0.line):\($0.column) " } ?? "") + d.message + (d.hint.map { " [\($0)]" } ?? "")
            }
        } catch { return ["\(error)"] }
    }

    @Test func typedOptionsReadTheirDeclaredDefaults() {
        let options = ResolvedOptions([:])
        #expect(options[Source.rows] == 3)
        #expect(options[Source.span] == IntRange(2, 4))
        #expect(options[Source.label] == nil)
        #expect(ResolvedOptions(["span": .string("5..7"), "rows": .int(9)])[Source.span].values == [5, 6, 7])
        #expect(Source.span.spec.defaultValue == .string("2..4"), "the docs show the default as a template writes it")
    }

    @Test func rangesAreCheckedBeforeAnythingRuns() {
        #expect(problems("```{source #s}\nspan: 10..2\n```\n").first?.contains("2:7 `span` = `10..2` is not a range") == true)
        #expect(problems("```{source #s}\nspan: 3..80\n```\n").first?.contains("is out of range") == true)
        #expect(problems("```{source #s}\nspan: 7\n```\n") == [])
    }

    @Test func resultsSurviveTheCacheArchive() throws {
        let context = RunContext(stepID: "s", options: ResolvedOptions(["label": .string("x")]), inputs: [:], files: [:], seed: 1)
        let result = try Source().compute(context)
        let value = result.value
        let files = try ValueArchive.files(for: value)
        let restored = try ValueArchive.value(from: files)
        #expect(Source.Result(value: restored) == result)
        #expect(Source.Result(value: Source.Result(value: value)!.value) == result)
        // An optional field left nil is left out of the record.
        let bare = try Source().compute(RunContext(stepID: "s", options: ResolvedOptions([:]), inputs: [:], files: [:], seed: 1))
        guard case .record(let record) = bare.value else {
            Issue.record("not a record")
            return
        }
        #expect(record["note"] == nil && record.fields.count == 4)
    }

    @Test func checkFollowsReferencesThroughDeclaredFields() {
        #expect(
            problems("```{source #s}\n```\n\n```{sink #k}\ninput: s.pointz\n```\n")
                == ["5:10 `s` has no field `pointz`; fields: points, count, span, summary, note [did you mean `points`?]"])
        #expect(
            problems("```{source #s}\n```\n\n```{sink #k}\ninput: s.count\n```\n")
                == ["5:8 `input` must be a matrix, but `s.count` is a number [fields that fit: `s.points`]"])
        #expect(problems("```{source #s}\n```\n\n```{sink #k}\ninput: s\n```\n") == [], "a record stands for its primary field")
        #expect(
            problems("```{source #s}\n```\n\n```{sink #k}\ninput: j\n```\n\n```{sink #j}\ninput: s.points\n```\n").first?
                .contains("`j` gives no value to read") == true)
    }

    @Test func checkFollowsInlineExpressions() {
        let base = "```{source #s}\n```\n\n"
        #expect(problems(base + "{{ s.summary.value[0] }} {{ s.span.count }} {{ s.double(2) }} {{ s.points.rows }}\n") == [])
        #expect(
            problems(base + "{{ s.summary.valu[0] }}\n") == ["4:13 `s.summary` has no field `valu`; fields: rows, k, value [did you mean `value`?]"])
        #expect(problems(base + "{{ s.coutn }}\n").first?.hasSuffix("[did you mean `count`?]") == true)
        #expect(problems(base + "{{ s.tripel(2) }}\n").first?.contains("`source` results have no function `tripel`; functions: double(x)") == true)
        #expect(problems(base + "{{ s.double(1, 2) }}\n").first?.contains("takes 1 argument, got 2") == true)
        #expect(problems(base + "{{ s.count[0] }}\n").first?.contains("`s.count` is a number and cannot be indexed") == true)
        // Every problem at once.
        #expect(problems(base + "{{ s.a }} {{ s.b }}\n").count == 2)
    }

    @Test func theReferenceListsResultFields() {
        let text = DirectiveReference(registry: registry).markdown(only: "source")
        #expect(text.contains("| `summary` | table (k, value) | a table (columns: k, value) |"))
        #expect(text.contains("- `double(x)` → number: twice x"))
        #expect(DirectiveReference(registry: registry).markdown(only: "sink").contains("Result: none"))
    }
}

@Suite struct ValueShapeTests {
    /// What `litmus check` lets an expression name on a matrix, labels or a list is what a render serves.
    @Test func membersCheckedAreMembersServed() throws {
        let samples: [(ValueShape, Value)] = [
            (.matrix, .matrix(ItemMatrix(ids: ["a", "b"], matrix: TestData.randomMatrix(rows: 2, columns: 3, seed: 1)))),
            (.labels, .labels(ItemLabels(ids: ["a", "b"], column: .ints([0, 1]), name: "k"))),
            (.list(.number), .list([.int(1), .int(2)])),
        ]
        for (shape, value) in samples {
            #expect(!shape.memberNames.isEmpty)
            #expect(value.fieldNames == shape.memberNames)
            for (name, memberShape) in try #require(shape.members) {
                let member = try value.member(name)
                #expect(memberShape.mismatches(member, path: name) == [], "`\(name)` on \(shape.summary)")
            }
        }
    }

    @Test func mismatchesNameWhatDoesNotFit() {
        let shape = TypedDirectiveTests.Source.Result.shape
        let record = Record(
            [
                .init("points", .int(1)), .init("span", .list([.int(1), .string("x")])), .init("extra", .bool(true)),
                .init("summary", .table(Table([.init("k", .ints([1]))]))),
            ], primary: "points")
        #expect(
            shape.mismatches(.record(record), path: "s") == [
                "s.points: a number, declared matrix",
                "s.count: declared but missing",
                "s.span[1]: a string, declared number",
                "s.summary: columns [\"k\"], declared [\"k\", \"value\"]",
                "s.extra: not declared",
            ])
        #expect(ValueShape.optional(.number).mismatches(.null) == [])
        #expect(ValueShape.nothing.mismatches(.int(1)) == ["result: a number, declared nothing"])
    }
}
