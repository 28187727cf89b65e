import Foundation
import Plotting
import Synchronization
import TestSupport
import Testing

@testable import ReportEngine

/// A figure is drawn (a grid's images decoded) only when its drawing is not in the cache.
@Suite struct CachedFigureTests {
    final class Counter: Sendable {
        let count = Mutex(0)
    }

    /// Counts how often its figure is drawn.
    struct CountingFigure: TypedDirective {
        let name = "counting_figure"
        let summary = "a figure that counts its drawings"
        let version = 1
        let output = OutputKind.figure
        let draws: Counter
        var options: [OptionSpec] { [] }

        typealias Result = NoResult

        func present(_ result: NoResult, _ context: PresentContext) throws -> Presentation {
            Presentation(
                .figure(dpi: 72) { [draws] in
                    draws.count.withLock { $0 += 1 }
                    return RenderedFigure(png: [1, 2, 3], svg: Array("<svg/>".utf8), pixelWidth: 2, pixelHeight: 2)
                })
        }
    }

    @Test func aCachedFigureIsNotDrawnAgain() throws {
        let draws = Counter()
        let folder = try TestData.temporaryDirectory("litmus-cached-figure")
        let template = folder.appendingPathComponent("t.md")
        try "```{counting_figure #g}\n```\n".write(to: template, atomically: true, encoding: .utf8)
        let renderer = Renderer(
            registry: DirectiveRegistry([CountingFigure(draws: draws)]), environment: .test,
            cacheDirectory: folder.appendingPathComponent(".litmus/cache"))
        try renderer.render(template.path, to: folder.appendingPathComponent("a"))
        #expect(draws.count.withLock { $0 } == 1)
        try renderer.render(template.path, to: folder.appendingPathComponent("b"))
        #expect(draws.count.withLock { $0 } == 1, "the second render took the figure from the cache")
        let a = try Data(contentsOf: folder.appendingPathComponent("a/figures/fig-g.png"))
        #expect(a == Data([1, 2, 3]))
        #expect(a == (try Data(contentsOf: folder.appendingPathComponent("b/figures/fig-g.png"))))
    }
}

extension NumericEnvironment {
    /// A fixed environment for the engine's own tests (which run no numerics).
    static let test = NumericEnvironment(
        cpu: "test", isa: "test", blas: "none", blasKernel: "none", blasThreads: 1, dnnl: "none",
        dnnlISA: "none", libc: "test")
}
