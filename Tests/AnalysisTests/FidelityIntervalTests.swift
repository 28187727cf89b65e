import Foundation
import LinearAlgebra
import TestSupport
import Testing

@testable import Analysis

/// The intervals: the influence functions against finite differences, and coverage of population values
/// known in closed form over 100 seeded trials.
@Suite struct FidelityIntervalTests {
    /// n draws of N(mean, diag(scale²)) rotated by `mix` (row-major d × d), from Box–Muller.
    static func gaussian(_ n: Int, mean: [Double], mix: [Double], seed: UInt64) -> FeatureRows {
        let d = mean.count
        var generator = SeededGenerator(seed: seed)
        var values = [Double]()
        values.reserveCapacity(n * d)
        for _ in 0..<n {
            var z = [Double]()
            while z.count < d {
                let u = max(generator.nextUnit(), 1e-300)
                let v = generator.nextUnit()
                let r = (-2 * log(u)).squareRoot()
                z.append(r * cos(2 * .pi * v))
                z.append(r * sin(2 * .pi * v))
            }
            for c in 0..<d { values.append(mean[c] + (0..<d).reduce(0) { $0 + mix[c * d + $1] * z[$1] }) }
        }
        return FeatureRows(count: n, width: d, values: values)
    }

    /// ∂FD/∂Σ₂ against central differences of FD in Σ₂ (symmetric perturbations).
    @Test func frechetGradientIsFiniteDifferences() throws {
        let a = Self.gaussian(300, mean: [0, 0, 0], mix: [1, 0, 0, 0.3, 1, 0, 0, 0.2, 0.8], seed: 1)
        let b = Self.gaussian(250, mean: [0.5, 0, -0.2], mix: [1.2, 0, 0, 0, 0.7, 0.1, 0.2, 0, 1], seed: 2)
        let reference = try FrechetReference(a)
        let moments = GaussianMoments(b)
        let gradient = try FrechetInfluence.covarianceGradient(own: moments, other: reference)
        func fd(_ covariance: [Double]) throws -> Double {
            let other = GaussianMoments(count: moments.count, mean: moments.mean, covariance: covariance, centred: moments.centred)
            return try reference.distance(to: other).value
        }
        let h = 1e-5
        for (r, c) in [(0, 0), (0, 1), (1, 2), (2, 2)] {
            var up = moments.covariance
            var down = up
            up[r * 3 + c] += h
            down[r * 3 + c] -= h
            if r != c {
                up[c * 3 + r] += h
                down[c * 3 + r] -= h
            }
            let numeric = (try fd(up) - fd(down)) / (2 * h)
            let analytic = gradient[r * 3 + c] * (r == c ? 1 : 2)
            #expect(abs(numeric - analytic) <= 1e-6, "(\(r), \(c)): \(numeric) vs \(analytic)")
        }
    }

    /// E[(x·y/d + 1)³] for independent x ~ N(μ, Σ), y ~ N(ν, Ω), from the Gaussian moments.
    static func expectedKernel(_ mu: [Double], _ s: [Double], _ nu: [Double], _ o: [Double]) -> Double {
        let d = mu.count
        let dd = Double(d)
        func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
        func apply(_ m: [Double], _ x: [Double]) -> [Double] { (0..<d).map { r in (0..<d).reduce(0) { $0 + m[r * d + $1] * x[$1] } } }
        func trace(_ m: [Double], _ n: [Double]) -> Double {
            (0..<d).reduce(0.0) { t, r in t + (0..<d).reduce(0) { $0 + m[r * d + $1] * n[$1 * d + r] } }
        }
        let a = dot(mu, nu)
        let b = dot(mu, apply(o, mu))
        let m1: [Double] = (0..<(d * d)).map { s[$0] + mu[$0 / d] * mu[$0 % d] }
        let m2: [Double] = (0..<(d * d)).map { o[$0] + nu[$0 / d] * nu[$0 % d] }
        let t1 = a / dd
        let t2 = trace(m1, m2) / (dd * dd)
        let cross: Double = a * (dot(nu, apply(s, nu)) + trace(s, o)) + 2 * dot(mu, apply(o, apply(s, nu)))
        let cubic: Double = a * a * a + 3 * a * b + 3 * cross
        let t3 = cubic / (dd * dd * dd)
        return 1 + 3 * t1 + 3 * t2 + t3
    }

    @Test func kernelDistanceIntervalCoversThePopulationValue() {
        let mu: [Double] = [0.2, -0.1, 0.3]
        let nu: [Double] = [0.5, 0.5, 0.5]
        let mixA: [Double] = [1.0, 0, 0, 0.3, 0.95, 0, 0, 0.2, 0.87]
        let mixB: [Double] = [1.2, 0, 0, 0, 1.2, 0, 0, 0, 1.2]
        func covariance(_ m: [Double]) -> [Double] {
            (0..<9).map { (i: Int) -> Double in (0..<3).reduce(0.0) { (t: Double, c: Int) -> Double in t + m[(i / 3) * 3 + c] * m[(i % 3) * 3 + c] } }
        }
        let (s, o) = (covariance(mixA), covariance(mixB))
        let population = Self.expectedKernel(mu, s, mu, s) + Self.expectedKernel(nu, o, nu, o) - 2 * Self.expectedKernel(mu, s, nu, o)
        var covered = 0
        for trial in 0..<100 {
            let a = Self.gaussian(400, mean: mu, mix: mixA, seed: UInt64(2 * trial + 100))
            let b = Self.gaussian(400, mean: nu, mix: mixB, seed: UInt64(2 * trial + 101))
            let kd = KernelDistance(a, b, settings: .init(subsets: 20, subsetSize: 200, seed: UInt64(trial)))
            let range = ItemResampling(resamples: 200, seed: UInt64(trial)).interval(
                kd.value,
                terms: [.init(weight: 2, centring: kd.projections.a), .init(weight: 2, centring: kd.projections.b), .init(centring: kd.estimates)],
                stream: 2)
            if range.contains(population) { covered += 1 }
        }
        #expect(covered >= 90, "KD's 95 % interval covered the population MMD² \(population) in \(covered) of 100 trials")
    }

    @Test func frechetDistanceIntervalCoversThePopulationValue() throws {
        // N(0, I) against N((1, 0.5), diag(1.5, 0.7)): FD = 1.25 + 2 + 2.2 − 2(√1.5 + √0.7).
        let population = 1.25 + 2 + 2.2 - 2 * (Double(1.5).squareRoot() + Double(0.7).squareRoot())
        var covered = 0
        for trial in 0..<100 {
            let a = Self.gaussian(400, mean: [0, 0], mix: [1, 0, 0, 1], seed: UInt64(2 * trial + 500))
            let b = Self.gaussian(
                400, mean: [1, 0.5], mix: [Double(1.5).squareRoot(), 0, 0, Double(0.7).squareRoot()], seed: UInt64(2 * trial + 501))
            let (ra, rb) = (try FrechetReference(a), try FrechetReference(b))
            let fd = try ra.distance(to: rb.moments)
            let influence = try FrechetInfluence.values(ra, rb)
            let range = ItemResampling(resamples: 200, seed: UInt64(trial)).interval(
                fd.value, terms: [.init(centring: influence.a), .init(centring: influence.b)], stream: 0)
            if range.contains(population) { covered += 1 }
        }
        #expect(covered >= 90, "FD's 95 % interval covered the population FD \(population) in \(covered) of 100 trials")
    }

    /// The union's products kept whole (the usual path) and computed block by block (sets too large to keep)
    /// give the same metrics.
    @Test func keptAndBlockwiseProductsAgree() throws {
        let real = Self.gaussian(300, mean: [0, 0, 0, 0, 0], mix: (0..<25).map { $0 % 6 == 0 ? 1 : 0 }, seed: 21)
        let generated = Self.gaussian(280, mean: [0.2, 0, 0.1, 0, 0], mix: (0..<25).map { $0 % 6 == 0 ? 1.2 : 0.1 }, seed: 22)
        var settings = DistributionComparison.Settings(k: 4, kernelSubsets: 8, kernelSubsetSize: 100, resamples: 50, permutations: 50, seed: 9)
        let kept = try DistributionComparison(real: real, generated: generated, settings: settings)
        settings.productBudget = 0
        let blockwise = try DistributionComparison(real: real, generated: generated, settings: settings)
        for metric in DistributionComparison.Metric.allCases {
            #expect(abs(kept.value(metric) - blockwise.value(metric)) <= 1e-9 * max(1, abs(kept.value(metric))), "\(metric)")
        }
        #expect(kept.neighbourhoods.inRealManifold == blockwise.neighbourhoods.inRealManifold)
        #expect(kept.neighbourhoods.nearestIndex == blockwise.neighbourhoods.nearestIndex)
        #expect(zip(kept.neighbourhoods.realism, blockwise.neighbourhoods.realism).allSatisfy { abs($0 - $1) <= 1e-9 * $0 })
    }

    /// Against statsmodels 0.15 `proportion_confint(count, n, method="wilson")`: (10, 10) → (0.7224672001371106, 1),
    /// (50, 100) → (0.4038315303659956, 0.5961684696340044), (5, 25) → (0.08860584686802572, 0.3913095036954034).
    @Test func wilsonIntervalIsStatsmodels() {
        for (share, count, low, high) in [
            (1.0, 10, 0.7224672001371106, 1.0), (0.5, 100, 0.4038315303659956, 0.5961684696340044),
            (0.2, 25, 0.08860584686802572, 0.3913095036954034),
        ] {
            let range = WilsonInterval.of(share: share, count: count)
            #expect(abs(range.lowerBound - low) <= 1e-12 && abs(range.upperBound - high) <= 1e-12, "\(share) of \(count): \(range)")
        }
    }

    @Test func comparisonRefusesWhatItCannotCompute() {
        let x = FeatureRows(TestData.randomMatrix(rows: 6, columns: 4, seed: 1))
        let settings = DistributionComparison.Settings(k: 5, resamples: 0, permutations: 0, seed: 1)
        #expect(throws: DistributionComparison.Failure.tooFewItems(set: .real, count: 5, needed: 6)) {
            try DistributionComparison(real: x.selecting(Array(0..<5)), generated: x, settings: settings)
        }
        #expect(throws: DistributionComparison.Failure.noFeatures(set: .real)) {
            try DistributionComparison(real: FeatureRows(count: 6, width: 0, values: []), generated: x, settings: settings)
        }
        #expect(throws: DistributionComparison.Failure.widths(real: 4, generated: 3)) {
            try DistributionComparison(real: x, generated: FeatureRows(TestData.randomMatrix(rows: 6, columns: 3, seed: 2)), settings: settings)
        }
        var values = x.values
        values[2 * 4 + 1] = .nan
        #expect(throws: DistributionComparison.Failure.nonFinite(set: .generated, row: 2, column: 1)) {
            try DistributionComparison(real: x, generated: FeatureRows(count: 6, width: 4, values: values), settings: settings)
        }
    }

    /// The whole comparison: every interval holds its value, and the same seed gives the same bounds.
    @Test func everyMetricHasAnIntervalAroundItsValue() throws {
        let real = Self.gaussian(120, mean: [0, 0, 0, 0], mix: (0..<16).map { $0 % 5 == 0 ? 1 : 0 }, seed: 11)
        let generated = Self.gaussian(100, mean: [0.3, 0, 0, 0], mix: (0..<16).map { $0 % 5 == 0 ? 1.1 : 0 }, seed: 12)
        let settings = DistributionComparison.Settings(k: 5, kernelSubsets: 10, kernelSubsetSize: 50, resamples: 100, permutations: 100, seed: 5)
        let comparison = try DistributionComparison(real: real, generated: generated, settings: settings)
        #expect(comparison.intervals.map(\.metric) == DistributionComparison.Metric.allCases)
        for interval in comparison.intervals {
            #expect(interval.low <= interval.value && interval.value <= interval.high, "\(interval)")
            #expect(interval.value == comparison.value(interval.metric))
            #expect(interval.metric.possible.contains(interval.low) && interval.metric.possible.contains(interval.high))
        }
        let again = try DistributionComparison(real: real, generated: generated, settings: settings)
        #expect(again.intervals == comparison.intervals)
        #expect(comparison.frechetInfinity.sizes == FrechetDistanceInfinity.sizes(generated: 100))
        #expect(
            FrechetDistanceInfinity.sizes(generated: 4000) == [400, 657, 914, 1171, 1428, 1685, 1942, 2200, 2457, 2714, 2971, 3228, 3485, 3742, 4000])
    }
}
