import Testing

@testable import Plotting

@Suite struct TicksTests {
    @Test func choosesNiceSteps() {
        #expect(Ticks(covering: 0...1, target: 6).values == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(Ticks(covering: -13.7...41.2, target: 7).values == [-10, 0, 10, 20, 30, 40])
        #expect(Ticks(covering: 0.95...10.45, target: 6, integer: true).values == [2, 4, 6, 8, 10])
        #expect(Ticks(covering: 0...1.05, target: 6).step == 0.25)
    }

    /// Whole-number values (clusters per seed) on an axis a little wider than them: no halves.
    @Test func integerTicksSkipFractionsOfNarrowRanges() {
        #expect(Ticks(covering: 7.9...10.1, target: 6).values == [8, 8.5, 9, 9.5, 10])
        #expect(Ticks(covering: 7.9...10.1, target: 6, integer: true).values == [8, 9, 10])
        #expect(Ticks(covering: 7.9...10.1, target: 6, integer: true).labels == ["8", "9", "10"])
        #expect(Ticks(covering: 8.82...9.18, target: 6, integer: true).values == [9])
        #expect(Ticks(covering: -0.001...0.001, target: 6, integer: true).labels == ["0"])
    }

    @Test func labelsUseTheDecimalsTheStepNeeds() {
        #expect(Ticks(covering: 0...1.05, target: 6).labels == ["0.00", "0.25", "0.50", "0.75", "1.00"])
        #expect(Ticks(covering: -13.7...41.2, target: 7).labels == ["-10", "0", "10", "20", "30", "40"])
        #expect(Ticks(covering: 0.001...0.0049, target: 5).labels.first == "0.001")
    }

    @Test func degenerateRangesStillGiveATick() {
        #expect(Ticks(covering: 3...3).values == [3])
        #expect(!Ticks(covering: 0...1e-9).values.isEmpty)
    }

    @Test func ticksStayInsideTheRange() {
        for (low, high) in [(-0.37, 0.91), (12.0, 12.8), (-1e5, 3e5), (0.0, 7.0)] {
            let ticks = Ticks(covering: low...high)
            #expect(ticks.values.allSatisfy { $0 >= low - 1e-12 && $0 <= high + 1e-12 })
            #expect(ticks.values.count >= 2 && ticks.values.count <= 11)
        }
    }
}
