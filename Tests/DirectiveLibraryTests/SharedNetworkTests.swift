import Foundation
import NeuralNet
import ReportEngine
import ReportTestSupport
import Testing

@testable import DirectiveLibrary

/// Steps that run the same network at once share one compiled copy (issue 35: each concurrent
/// `features` step compiled its own, about 400 MB each).
@Suite struct SharedNetworkTests {
    private func context(_ shared: SharedObjects) -> RunContext {
        RunContext(stepID: "holder", options: ResolvedOptions([:]), inputs: [:], files: [:], seed: 1, shared: shared)
    }

    @Test func aFeaturesStepUsesTheNetworkAnotherStepHolds() throws {
        let harness = try DirectiveHarness()
        let images = try harness.run("dataset", options: ["demo": .string("oai"), "count": .int(4), "size": .int(48)]).value
        let options: [String: OptionValue] = ["size": .int(32)]
        let alone = try harness.run("features", options: options, inputs: ["input": images]).value

        let shared = SharedObjects()
        try {
            let held = try NetworkSource(file: nil, seed: 0).compiledFeatures(size: 32, block: 5, precision: .f32, context: context(shared))
            let beside = try harness.run("features", options: options, inputs: ["input": images], shared: shared).value
            #expect(shared.made == 1)
            #expect(beside.resolvingPrimary == alone.resolvingPrimary)
            withExtendedLifetime(held) {}
        }()

        // Held by no one between two steps: the second compiles again (the first's copy was freed).
        let later = try harness.run("features", options: options, inputs: ["input": images], shared: shared).value
        #expect(shared.made == 2)
        #expect(later.resolvingPrimary == alone.resolvingPrimary)
    }

    @Test func gradCAMNetworksAreSharedPerLayerAndSize() throws {
        let shared = SharedObjects()
        let source = NetworkSource(file: nil, seed: 0)
        func compiled(size: Int, layer: Int) throws -> CompiledGradCAM {
            try source.compiledGradCAM(size: size, layer: layer, precision: .f32, option: "features", context: context(shared))
        }
        let first = try compiled(size: 32, layer: 15)
        #expect(try compiled(size: 32, layer: 15) === first)
        let other = try compiled(size: 32, layer: 13)
        let larger = try compiled(size: 48, layer: 15)
        #expect(other !== first && larger !== first)
        #expect(shared.made == 3)
        withExtendedLifetime((first, other, larger)) {}
    }
}
