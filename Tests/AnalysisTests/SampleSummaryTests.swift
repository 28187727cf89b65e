import Analysis
import Testing

/// Against NumPy 2.4: `np.mean`, `np.std(x, ddof=1)`, `np.percentile(x, p)` (linear), printed by
/// python3 -c "import numpy as np; x=[…]; print(np.mean(x), np.std(x, ddof=1), np.percentile(x, 5), np.percentile(x, 95))".
struct SampleSummaryTests {
    @Test func matchesNumPy() throws {
        let accuracy = try #require(SampleSummary([0.987, 0.993, 0.96, 1.0, 0.975, 0.99, 0.982]))
        #expect(abs(accuracy.mean - 0.9838571428571429) < 1e-15)
        #expect(abs(accuracy.standardDeviation - 0.013183683999911561) < 1e-15)
        #expect(abs(accuracy.percentile(5) - 0.9645) < 1e-15)
        #expect(abs(accuracy.percentile(95) - 0.9979) < 1e-15)
        #expect(accuracy.percentile(50) == 0.987)
        #expect((accuracy.minimum, accuracy.maximum) == (0.96, 1.0))

        let clusters = try #require(SampleSummary([8, 7, 8, 9, 8, 8, 7, 10, 8, 8]))
        #expect(clusters.mean == 8.1)
        #expect(abs(clusters.standardDeviation - 0.8755950357709131) < 1e-15)
        #expect(clusters.percentile(5) == 7.0)
        #expect(abs(clusters.percentile(95) - 9.549999999999999) < 1e-14)
    }

    @Test func oneNumberHasNoSpreadAndNoNumbersNoSummary() throws {
        let one = try #require(SampleSummary([0.5]))
        #expect(one.standardDeviation == 0 && one.percentile(5) == 0.5 && one.percentile(95) == 0.5)
        #expect(SampleSummary([]) == nil)
    }
}
