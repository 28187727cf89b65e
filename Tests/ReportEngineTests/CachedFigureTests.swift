import Foundation
import Plotting
@testable import ReportEngine
import Synchronization
import Testing

/// A grid of images is built (its images decoded) only when its drawn figure is not in the cache.
@Suite struct CachedFigureTests {
    final class Counter: Sendable {
        let count = Mutex(0)
    }

    /// Counts how often its grid is built.
    struct CountingGrid: Directive {
        let name = "counting_grid"
        let summary = "a one-panel grid that counts its builds"
        let version = 1
        let output = OutputKind.figure
        let builds: Counter
        var options: [OptionSpec] { [] }

        func run(_ context: RunContext) throws -> Value { .null }

        func present(_ context: PresentContext) throws -> Presentation {
            Presentation(.grid { [builds] in
                builds.count.withLock { $0 += 1 }
                return ImageGrid(panels: [ImageGrid.Panel(width: 2, height: 2, pixels: [0, 0.5, 0.5, 1], caption: "x")], columns: 1,
                                 cellSize: 40, dpi: 72, title: nil)
            })
        }
    }

    @Test func aCachedFigureBuildsNoGrid() throws {
        let builds = Counter()
        let registry = DirectiveRegistry(DirectiveRegistry.standard.directives + [CountingGrid(builds: builds)])
        let folder = try TemplateFolder("litmus-cached-grid")
        try folder.write("```{counting_grid #g}\n```\n")
        let renderer = Renderer(registry: registry, cacheDirectory: folder.root.appendingPathComponent(".litmus/cache"))
        try renderer.render(folder.templatePath, to: folder.root.appendingPathComponent("a"))
        #expect(builds.count.withLock { $0 } == 1)
        try renderer.render(folder.templatePath, to: folder.root.appendingPathComponent("b"))
        #expect(builds.count.withLock { $0 } == 1, "the second render took the figure from the cache")
        let a = try Data(contentsOf: folder.root.appendingPathComponent("a/figures/fig-g.png"))
        #expect(a == (try Data(contentsOf: folder.root.appendingPathComponent("b/figures/fig-g.png"))))
    }
}
