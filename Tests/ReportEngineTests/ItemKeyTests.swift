import Foundation
import Synchronization
import TestSupport
import Testing

@testable import ReportEngine

/// A sharded step's item keys come from the engine: every option and input of the step reaches them,
/// and only the options that choose the items are left out.
@Suite struct ItemKeyTests {
    final class KeyLog: Sendable {
        let keys = Mutex([String: String]())
    }

    /// One item per listed name; each item's key is logged by name. `declaresOffset` adds an analysis
    /// option, as a later version of a directive would.
    struct Items: TypedDirective, ShardedDirective {
        let name = "items"
        let summary = "one cached item per listed name"
        let version = 1
        let output = OutputKind.none
        let shardUnit = "names"
        let log: KeyLog
        var declaresOffset = false

        static let names = Option<[String]>("names", .list(.string), default: [], doc: "the items")
        static let scale = Option<Int>("scale", .int(1...10), default: 1, doc: "changes every item")
        static let offset = Option<Int>("offset", .int(0...10), default: 0, doc: "added later")

        var options: [OptionSpec] { OptionSpec.of(declaresOffset ? [Self.names, Self.scale, Self.offset] : [Self.names, Self.scale]) }
        var itemSelectingOptions: [any OptionKey] { [Self.names] }

        typealias Result = NoResult

        func compute(_ context: RunContext) throws -> NoResult {
            try computeItems(Array(context.options[Self.names].indices), context)
            return NoResult()
        }

        func workItems(_ context: RunContext) throws -> WorkItems {
            WorkItems(unit: shardUnit, entries: context.options[Self.names].map { [context.itemKey("name \($0)")] })
        }

        func computeItems(_ indices: [Int], _ context: RunContext) throws {
            let names = context.options[Self.names]
            for i in indices {
                let key = context.itemKey("name \(names[i])")
                log.keys.withLock { $0[names[i]] = key }
                context.cache?.store(["item.txt": Data(names[i].utf8)], for: key)
            }
        }
    }

    /// Renders `options` with the directive and returns each item's key.
    func itemKeys(_ options: String, declaresOffset: Bool = false) throws -> [String: String] {
        let log = KeyLog()
        let folder = try TestData.temporaryDirectory("litmus-item-keys")
        let template = folder.appendingPathComponent("t.md")
        try "```{items #i}\n\(options)\n```\n".write(to: template, atomically: true, encoding: .utf8)
        let renderer = Renderer(
            registry: DirectiveRegistry([Items(log: log, declaresOffset: declaresOffset)]), environment: .test,
            cacheDirectory: folder.appendingPathComponent(".litmus/cache"))
        try renderer.render(template.path, to: folder.appendingPathComponent("out"))
        return log.keys.withLock { $0 }
    }

    @Test func anOptionReachesEveryItemKey() throws {
        let one = try itemKeys("names: [a, b]\nscale: 1")
        let two = try itemKeys("names: [a, b]\nscale: 2")
        #expect(one.count == 2 && two.count == 2)
        for name in ["a", "b"] { #expect(one[name] != two[name], "item \(name)") }
    }

    @Test func anOptionAddedToTheDirectiveReachesEveryItemKey() throws {
        let before = try itemKeys("names: [a, b]")
        let after = try itemKeys("names: [a, b]", declaresOffset: true)
        for name in ["a", "b"] { #expect(before[name] != nil && before[name] != after[name], "item \(name)") }
    }

    @Test func anAddedItemLeavesTheOtherKeysAlone() throws {
        let before = try itemKeys("names: [a, b]")
        let after = try itemKeys("names: [a, b, c]")
        #expect(after.count == 3)
        for name in ["a", "b"] { #expect(before[name] != nil && before[name] == after[name], "item \(name)") }
    }
}
