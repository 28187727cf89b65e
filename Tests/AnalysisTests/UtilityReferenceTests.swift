@testable import Analysis
import Foundation
import LinearAlgebra
import Testing
import TestSupport

/// StandardScaler, LogisticRegression (L2, C = 1), StratifiedKFold's allocation and the classification
/// scores against scikit-learn 1.9.1 (Fixtures/memorization/make_memorization_fixtures.py, key "logistic"),
/// the objective's gradient against finite differences and its line-search shortcut against fresh evaluations.
@Suite struct UtilityReferenceTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let X_train: [[Double]]
            let y_train: [Int]
            let X_test: [[Double]]
            let y_test: [Int]
            let scaler_mean: [Double]
            let scaler_scale: [Double]
            let classes: [Int]
            let coef: [[Double]]
            let intercept: [Double]
            let predictions: [Int]
            let probabilities: [[Double]]
            let accuracy: Double
            let balanced_accuracy: Double
        }
        struct Folds: Decodable { let y: [Int]; let fold: [Int] }
        struct Logistic: Decodable { let binary: Case; let three_class: Case; let stratified_kfold: Folds }
        let logistic: Logistic
    }

    static func fixture() throws -> Fixture.Logistic {
        let url = try #require(Bundle.module.url(forResource: "memorization", withExtension: "json", subdirectory: "Fixtures/memorization"))
        return try JSONDecoder().decode(Fixture.self, from: try Data(contentsOf: url)).logistic
    }

    static func rows(_ values: [[Double]]) -> FeatureRows {
        FeatureRows(count: values.count, width: values[0].count, values: values.flatMap { $0 })
    }

    static func reference(_ name: String) throws -> Fixture.Case {
        let f = try fixture()
        return name == "binary" ? f.binary : f.three_class
    }

    /// The case's training set standardised, the scaler and the fitted model.
    static func fitted(_ c: Fixture.Case) throws -> (StandardScaler, FeatureRows, LogisticRegression.Fitted) {
        let scaler = StandardScaler(fitting: rows(c.X_train))
        let x = scaler.transform(rows(c.X_train))
        let model = try LogisticRegression().fit(x, labels: c.y_train, classCount: c.classes.count)
        return (scaler, x, model)
    }

    @Test(arguments: ["binary", "three_class"]) func scalerIsScikitLearns(_ name: String) throws {
        let c = try Self.reference(name)
        let scaler = StandardScaler(fitting: Self.rows(c.X_train))
        for (ours, theirs) in zip(scaler.mean, c.scaler_mean) { #expect(relativeDifference(ours, theirs) <= 1e-12) }
        for (ours, theirs) in zip(scaler.scale, c.scaler_scale) { #expect(relativeDifference(ours, theirs) <= 1e-12) }
    }

    @Test func constantColumnKeepsScaleOne() {
        let x = FeatureRows(count: 3, width: 2, values: [0.1, 5, 0.1, 6, 0.1, 7])
        let scaler = StandardScaler(fitting: x)
        #expect(scaler.scale[0] == 1 && abs(scaler.scale[1] - (2.0 / 3).squareRoot()) <= 1e-15)
        // The mean of three 0.1 is 0.1 + 2⁻⁵⁶: the column's variance is rounding, not spread, and must not be divided by.
        #expect(scaler.transform(x).values.enumerated().filter { $0.offset % 2 == 0 }.allSatisfy { abs($0.element) <= 1e-15 })
    }

    @Test(arguments: ["binary", "three_class"]) func logisticRegressionIsScikitLearns(_ name: String) throws {
        let c = try Self.reference(name)
        let (scaler, _, model) = try Self.fitted(c)
        #expect(model.coefficientRows == c.coef.count)
        for (ours, theirs) in zip(model.coefficients, c.coef.flatMap { $0 }) { #expect(abs(ours - theirs) <= 1e-4, "coefficient \(ours) vs \(theirs)") }
        for (ours, theirs) in zip(model.intercepts, c.intercept) { #expect(abs(ours - theirs) <= 1e-4, "intercept \(ours) vs \(theirs)") }

        let test = scaler.transform(Self.rows(c.X_test))
        let predictions = model.predict(test)
        #expect(predictions == c.predictions)
        for (ours, theirs) in zip(model.probabilities(test), c.probabilities.flatMap { $0 }) { #expect(abs(ours - theirs) <= 1e-4) }
        let scores = ClassificationScores(truth: c.y_test, predicted: predictions, classCount: c.classes.count)
        #expect(scores.accuracy == c.accuracy)
        #expect(scores.balancedAccuracy == c.balanced_accuracy)
    }

    /// The multinomial intercepts are free up to a constant; scikit-learn's sum to 0, and so do ours.
    @Test func multinomialInterceptsSumToZero() throws {
        let (_, _, model) = try Self.fitted(try Self.reference("three_class"))
        #expect(abs(model.intercepts.reduce(0, +)) <= 1e-12)
    }

    @Test func fittingTwiceGivesTheSameBits() throws {
        let c = try Self.reference("three_class")
        #expect(try Self.fitted(c).2 == Self.fitted(c).2)
    }

    /// Central differences of the objective at the solution vanish (relative to the gradient at 0).
    @Test func gradientVanishesAtTheSolution() throws {
        let c = try Self.reference("binary")
        let (_, x, model) = try Self.fitted(c)
        let objective = LogisticRegression.Objective(x: x, labels: c.y_train, classCount: 2, inverseRegularization: 1)
        let theta = model.coefficients + model.intercepts
        let start = LBFGS.maxNorm(objective.evaluate([Double](repeating: 0, count: theta.count)).gradient)
        for (j, derivative) in Self.centralDifferences(objective, at: theta, step: 1e-5).enumerated() {
            #expect(abs(derivative) <= 1e-5 * start, "parameter \(j): \(derivative) against \(start) at 0")
        }
        #expect(model.gradientNorm <= 1e-10)
    }

    /// The analytic gradient against central differences at a random point, on 600 × 40 random data.
    @Test(arguments: [2, 3]) func gradientMatchesFiniteDifferences(classCount: Int) {
        let (n, d) = (600, 40)
        var random = SeededGenerator(seed: 40 + UInt64(classCount))
        let x = FeatureRows(count: n, width: d, values: (0..<(n * d)).map { _ in 4 * random.nextUnit() - 2 })
        let labels = (0..<n).map { i in (i + Int(random.next() % 2)) % classCount }
        let objective = LogisticRegression.Objective(x: x, labels: labels, classCount: classCount, inverseRegularization: 0.5)
        let theta = (0..<objective.dimension).map { _ in random.nextUnit() - 0.5 }
        let gradient = objective.evaluate(theta).gradient
        let scale = LBFGS.maxNorm(gradient)
        for (j, derivative) in Self.centralDifferences(objective, at: theta, step: 1e-5).enumerated() {
            #expect(abs(derivative - gradient[j]) <= 1e-6 * scale, "parameter \(j): \(gradient[j]) vs \(derivative)")
        }
    }

    /// Random data wider than one of the products' blocks of rows (500 × 300: three blocks, the last
    /// shorter), one label per row.
    static func blockData(classCount: Int, seed: UInt64) -> (FeatureRows, [Int]) {
        let (n, d) = (500, 300)
        var random = SeededGenerator(seed: seed)
        let x = FeatureRows(count: n, width: d, values: (0..<(n * d)).map { _ in 2 * random.nextUnit() - 1 })
        return (x, (0..<n).map { i in (i + Int(random.next() % 2)) % classCount })
    }

    /// The objective against plain sums over rows and classes, with 10 classes too (GEMM's path).
    @Test(arguments: [2, 3, 10]) func objectiveMatchesPlainSums(classCount: Int) {
        let (x, labels) = Self.blockData(classCount: classCount, seed: 60 + UInt64(classCount))
        let (n, d, rows) = (x.count, x.width, classCount == 2 ? 1 : classCount)
        let objective = LogisticRegression.Objective(x: x, labels: labels, classCount: classCount, inverseRegularization: 0.5)
        var random = SeededGenerator(seed: 70)
        let theta = (0..<objective.dimension).map { _ in 0.2 * random.nextUnit() - 0.1 }
        var (loss, gradient) = (0.0, [Double](repeating: 0, count: theta.count))
        for i in 0..<n {
            let z = (0..<rows).map { k in (0..<d).reduce(theta[rows * d + k]) { $0 + theta[k * d + $1] * x.values[i * d + $1] } }
            var residual = [Double]()
            if rows == 1 {
                let p = 1 / (1 + exp(-z[0]))
                loss += -(labels[i] == 1 ? log(p) : log(1 - p))
                residual = [p - Double(labels[i])]
            } else {
                let total = z.reduce(0) { $0 + exp($1) }
                loss += log(total) - z[labels[i]]
                residual = (0..<rows).map { k in exp(z[k]) / total - (k == labels[i] ? 1 : 0) }
            }
            for k in 0..<rows {
                for j in 0..<d { gradient[k * d + j] += residual[k] * x.values[i * d + j] }
                gradient[rows * d + k] += residual[k]
            }
        }
        let squaredNorm = theta[0..<(rows * d)].reduce(0) { $0 + $1 * $1 }
        let value = (loss + squaredNorm / (2 * 0.5)) / Double(n)
        for j in 0..<(rows * d) { gradient[j] += theta[j] / 0.5 }
        let ours = objective.evaluate(theta)
        #expect(abs(ours.value - value) <= 1e-13 * value)
        let scale = LBFGS.maxNorm(gradient) / Double(n)
        for (j, (a, b)) in zip(ours.gradient, gradient.map { $0 / Double(n) }).enumerated() {
            #expect(abs(a - b) <= 1e-12 * scale, "parameter \(j): \(a) vs \(b)")
        }
    }

    /// Blocks of rows run in parallel; fits run side by side (their blocks then one after the other)
    /// give the bits of a fit run alone.
    @Test(arguments: [2, 3]) func fitsTheSameBitsSideBySide(classCount: Int) throws {
        let (x, labels) = Self.blockData(classCount: classCount, seed: 80 + UInt64(classCount))
        let settings = LogisticRegression(inverseRegularization: 0.1)
        let alone = try settings.fit(x, labels: labels, classCount: classCount)
        let sideBySide = try Parallel.map(3) { _ throws(LogisticRegression.Failure) in try settings.fit(x, labels: labels, classCount: classCount) }
        #expect(sideBySide.allSatisfy { $0 == alone })
    }

    /// L-BFGS's shortcut along a line (scores Z + α·X·p, no product per trial step) agrees with a fresh
    /// evaluation at the same point: the probe's value and slope, the step's value (the probe's, to the
    /// bit) and gradient; also after a step to a point probed before the last probe.
    @Test(arguments: [2, 3, 10]) func lineProbesAgreeWithFreshEvaluations(classCount: Int) {
        let (x, labels) = Self.blockData(classCount: classCount, seed: 50 + UInt64(classCount))
        var random = SeededGenerator(seed: 90)
        let objective = LogisticRegression.Objective(x: x, labels: labels, classCount: classCount, inverseRegularization: 0.5)
        let theta = (0..<objective.dimension).map { _ in random.nextUnit() - 0.5 }
        let direction = (0..<objective.dimension).map { _ in random.nextUnit() - 0.5 }
        var workspace = objective
        var gradient = [Double](repeating: 0, count: objective.dimension)
        _ = workspace.evaluate(at: theta, gradient: &gradient)
        workspace.aim(from: theta, along: direction)
        var probed = [Double: Double]()
        for alpha in [0.3, 1.7] {
            let (value, slope) = workspace.probe(alpha, from: theta, along: direction)
            let fresh = objective.evaluate(zip(theta, direction).map { $0 + alpha * $1 })
            #expect(abs(value - fresh.value) <= 1e-13 * abs(fresh.value), "α = \(alpha)")
            let freshSlope = LBFGS.dot(fresh.gradient, direction)
            #expect(abs(slope - freshSlope) <= 1e-12 * LBFGS.maxNorm(fresh.gradient), "α = \(alpha): \(slope) vs \(freshSlope)")
            probed[alpha] = value
        }
        for alpha in [1.7, 0.3] {
            var moved = workspace
            let next = zip(theta, direction).map { $0 + alpha * $1 }
            var stepGradient = [Double](repeating: 0, count: objective.dimension)
            #expect(moved.step(alpha, to: next, gradient: &stepGradient) == probed[alpha], "α = \(alpha)")
            let fresh = objective.evaluate(next)
            let scale = LBFGS.maxNorm(fresh.gradient)
            for (ours, theirs) in zip(stepGradient, fresh.gradient) { #expect(abs(ours - theirs) <= 1e-13 * scale) }
        }
    }

    /// Without features only the unpenalised intercept is left: the log-odds of the classes, logit(3/4).
    @Test func noFeaturesFitsTheLogOdds() throws {
        let model = try LogisticRegression().fit(FeatureRows(count: 4, width: 0, values: []), labels: [0, 1, 1, 1], classCount: 2)
        #expect(model.coefficients.isEmpty && abs(model.intercepts[0] - log(3.0)) <= 1e-9)
    }

    /// L-BFGS on its own, its memory short enough to wrap many times: an ill-conditioned quadratic
    /// ½Σ cᵢ(xᵢ − 1)² (c from 1 to 10⁴) reaches its minimiser, all ones, within the gradient tolerance.
    @Test func lbfgsReachesTheMinimiserWithAWrappingMemory() {
        var quadratic = Quadratic(curvatures: (0..<50).map { pow(10, 4 * Double($0) / 49) })
        let result = LBFGS(memory: 3, maxIterations: 10_000, tolerance: 1e-9).minimize(from: [Double](repeating: 0, count: 50), &quadratic)
        #expect(result.outcome == .converged && result.iterations > 10)
        #expect(result.x.allSatisfy { abs($0 - 1) <= 1e-9 }, "\(result.x)")
    }

    struct Quadratic: LineSearchObjective {
        let curvatures: [Double]
        var dimension: Int { curvatures.count }

        mutating func evaluate(at x: [Double], gradient: inout [Double]) -> Double {
            for j in x.indices { gradient[j] = curvatures[j] * (x[j] - 1) }
            return zip(curvatures, x).reduce(0) { $0 + 0.5 * $1.0 * ($1.1 - 1) * ($1.1 - 1) }
        }

        mutating func aim(from x: [Double], along direction: [Double]) {}

        mutating func probe(_ alpha: Double, from x: [Double], along direction: [Double]) -> (value: Double, slope: Double) {
            var gradient = x
            let value = evaluate(at: zip(x, direction).map { $0 + alpha * $1 }, gradient: &gradient)
            return (value, LBFGS.dot(gradient, direction))
        }

        mutating func step(_ alpha: Double, to next: [Double], gradient: inout [Double]) -> Double {
            evaluate(at: next, gradient: &gradient)
        }
    }

    @Test func oneClassTrainingSetFails() {
        let x = FeatureRows(count: 4, width: 2, values: [0, 1, 1, 0, 2, 2, 3, 1])
        #expect(throws: LogisticRegression.Failure.oneClass(classIndex: 1)) {
            try LogisticRegression().fit(x, labels: [1, 1, 1, 1], classCount: 2)
        }
        #expect(throws: LogisticRegression.Failure.emptyClass(classIndex: 2, classCount: 3)) {
            try LogisticRegression().fit(x, labels: [0, 1, 1, 0], classCount: 3)
        }
        #expect(throws: LogisticRegression.Failure.nonFinite(row: 1, column: 1)) {
            try LogisticRegression().fit(FeatureRows(count: 2, width: 2, values: [0, 1, 1, .nan]), labels: [0, 1], classCount: 2)
        }
        #expect("\(LogisticRegression.Failure.oneClass(classIndex: 1))".contains("at least two classes"))
    }

    @Test func notConvergingReportsTheGradient() {
        let c = try! Self.reference("three_class")
        let failure = #expect(throws: LogisticRegression.Failure.self) {
            try LogisticRegression(maxIterations: 3).fit(Self.rows(c.X_train), labels: c.y_train, classCount: 3)
        }
        guard case .notConverged(3, let gradient, _)? = failure else { Issue.record("\(String(describing: failure))"); return }
        #expect(gradient > 1e-10 && "\(failure!)".contains("\(gradient)"))
    }

    @Test func stratifiedFoldsHaveScikitLearnsClassCounts() throws {
        let f = try Self.fixture().stratified_kfold
        let folds = try StratifiedFolds(labels: f.y, foldCount: 5, seed: 0)
        #expect(folds.fold.count == f.y.count && folds.fold.allSatisfy { (0..<5).contains($0) })
        #expect((0..<5).flatMap { folds.items(in: $0) }.sorted() == Array(f.y.indices), "every item in exactly one fold")
        #expect(Set(folds.items(in: 2)).isDisjoint(with: folds.items(outside: 2)) && folds.items(outside: 2).count + folds.items(in: 2).count == f.y.count)
        let counts = { (fold: [Int]) in (0..<5).map { k in (0..<3).map { c in f.y.indices.filter { fold[$0] == k && f.y[$0] == c }.count } } }
        #expect(counts(folds.fold) == counts(f.fold))
        #expect(!folds.hasClassSmallerThanFoldCount && folds.smallestClass == 40)

        #expect(try StratifiedFolds(labels: f.y, foldCount: 5, seed: 0) == folds)
        let other = try StratifiedFolds(labels: f.y, foldCount: 5, seed: 1)
        #expect(other.fold != folds.fold && counts(other.fold) == counts(f.fold))
    }

    /// Class numbers by first appearance decide which folds get the extra items (scikit-learn's encoding):
    /// "b" first with 3 items, "a" with 4, 3 folds → sorted b b b a a a a → folds get b a a / b a / b a.
    @Test func stratifiedAllocationFollowsFirstAppearance() throws {
        let folds = try StratifiedFolds(labels: ["b", "a", "a", "b", "a", "b", "a"], foldCount: 3, seed: 7)
        let labels = ["b", "a", "a", "b", "a", "b", "a"]
        let perFold = (0..<3).map { k in folds.items(in: k).map { labels[$0] }.sorted() }
        #expect(perFold == [["a", "a", "b"], ["a", "b"], ["a", "b"]])
        #expect(StratifiedFolds.allocation(sizes: [3, 4], foldCount: 3) == [[1, 2], [1, 1], [1, 1]])
    }

    @Test func stratifiedFoldsRefuseImpossibleSplits() throws {
        #expect(throws: StratifiedFolds.Failure.tooFewFolds(1)) { try StratifiedFolds(labels: [0, 1, 0, 1], foldCount: 1, seed: 0) }
        #expect(throws: StratifiedFolds.Failure.tooManyFolds(folds: 5, items: 4)) { try StratifiedFolds(labels: [0, 1, 0, 1], foldCount: 5, seed: 0) }
        #expect(throws: StratifiedFolds.Failure.everyClassSmallerThanFoldCount(folds: 3, largestClass: 2)) {
            try StratifiedFolds(labels: [0, 1, 0, 1], foldCount: 3, seed: 0)
        }
        let small = try StratifiedFolds(labels: [0, 0, 0, 0, 1], foldCount: 3, seed: 0)
        #expect(small.smallestClass == 1 && small.hasClassSmallerThanFoldCount)
    }

    /// A class only predicted counts in accuracy but not in balanced accuracy (as scikit-learn).
    @Test func scoresFromConfusionCounts() {
        let scores = ClassificationScores(truth: [0, 0, 0, 0, 1, 1], predicted: [0, 0, 1, 2, 1, 0], classCount: 3)
        #expect(scores.accuracy == 0.5 && scores.correctCount == 3 && scores.support == [4, 2, 0])
        #expect(scores.recall == [0.5, 0.5, nil])
        #expect(scores.balancedAccuracy == 0.5)
        #expect(ClassificationScores(truth: [0, 0, 0, 1], predicted: [0, 0, 0, 0], classCount: 2).balancedAccuracy == 0.5)
    }

    static func centralDifferences(_ objective: LogisticRegression.Objective, at theta: [Double], step: Double) -> [Double] {
        theta.indices.map { j in
            var (up, down) = (theta, theta)
            up[j] += step
            down[j] -= step
            return (objective.evaluate(up).value - objective.evaluate(down).value) / (2 * step)
        }
    }
}

// TEMPORARY TIMING HARNESS (to be deleted)
extension UtilityReferenceTests {
    static func loadBench(_ k: Int) throws -> (FeatureRows, [Int])? {
        guard ProcessInfo.processInfo.environment["LR_BENCH"] != nil else { return nil }
        let xa = try NPYCodec.decode(Data(contentsOf: URL(fileURLWithPath: "/tmp/lrbench/X\(k).npy")))
        let ya = try NPYCodec.decode(Data(contentsOf: URL(fileURLWithPath: "/tmp/lrbench/y\(k).npy")))
        let raw = FeatureRows(count: xa.shape[0], width: xa.shape[1], values: xa.doubles)
        return (StandardScaler(fitting: raw).transform(raw), ya.integers!)
    }

    static func ms(_ t: Double) -> String { String(format: "%.1f", 1000 * t) }

    @Test(.serialized, arguments: [2, 5]) func benchTiming(k: Int) throws {
        guard let (x, y) = try Self.loadBench(k) else { return }
        let reps = k == 2 ? 7 : 3
        var (newTimes, oldTimes) = ([Double](), [Double]())
        var model: LogisticRegression.Fitted?
        var old: OldLBFGS.Result?
        for _ in 0..<reps {
            var t = Date()
            let m = try LogisticRegression().fit(x, labels: y, classCount: k)
            newTimes.append(Date().timeIntervalSince(t))
            if let model { #expect(model == m) }
            model = m
            t = Date()
            old = OldLR.fit(x, labels: y, classCount: k)
            oldTimes.append(Date().timeIntervalSince(t))
        }
        let m = model!, o = old!
        let objective = LogisticRegression.Objective(x: x, labels: y, classCount: k, inverseRegularization: 1)
        let theta = m.coefficients + m.intercepts
        let fresh = LBFGS.maxNorm(objective.evaluate(theta).gradient)
        let diff = zip(theta, o.x).map { abs($0 - $1) }.max()!
        print("BENCH k=\(k) new fits \(newTimes.map(Self.ms)) ms, iterations \(m.iterations), per-iter \(Self.ms(newTimes.min()! / Double(m.iterations))) ms, gnorm \(m.gradientNorm) fresh \(fresh)")
        print("BENCH k=\(k) old fits \(oldTimes.map(Self.ms)) ms, iterations \(o.iterations), per-iter \(Self.ms(oldTimes.min()! / Double(o.iterations))) ms, max |θnew − θold| \(diff)")
        let data = NPYCodec.encode(NPYArray(shape: [theta.count], elements: .float64(theta)))
        try data.write(to: URL(fileURLWithPath: "/tmp/lrbench/ours\(k).npy"))
    }

    struct Profiled<F: LineSearchObjective>: LineSearchObjective {
        var f: F
        var counts = [0, 0, 0, 0], times = [0.0, 0.0, 0.0, 0.0]
        var dimension: Int { f.dimension }
        mutating func timed<T>(_ i: Int, _ body: (inout F) -> T) -> T {
            let t = DispatchTime.now().uptimeNanoseconds
            let r = body(&f)
            times[i] += Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-9
            counts[i] += 1
            return r
        }
        mutating func evaluate(at x: [Double], gradient: inout [Double]) -> Double { timed(0) { $0.evaluate(at: x, gradient: &gradient) } }
        mutating func aim(from x: [Double], along direction: [Double]) { timed(1) { $0.aim(from: x, along: direction) } }
        mutating func probe(_ alpha: Double, from x: [Double], along direction: [Double]) -> (value: Double, slope: Double) { timed(2) { $0.probe(alpha, from: x, along: direction) } }
        mutating func step(_ alpha: Double, to next: [Double], gradient: inout [Double]) -> Double { timed(3) { $0.step(alpha, to: next, gradient: &gradient) } }
    }

    @Test(.serialized, arguments: [2, 5]) func benchProfile(k: Int) throws {
        guard let (x, y) = try Self.loadBench(k) else { return }
        var p = Profiled(f: LogisticRegression.Objective(x: x, labels: y, classCount: k, inverseRegularization: 1))
        let t = Date()
        let r = LBFGS(maxIterations: 10000, tolerance: 1e-10).minimize(from: [Double](repeating: 0, count: p.dimension), &p)
        let total = Date().timeIntervalSince(t)
        print("PROFILE k=\(k) total \(Self.ms(total)) ms, iterations \(r.iterations); [evaluate, aim, probe, step] counts \(p.counts) ms \(p.times.map(Self.ms)) other \(Self.ms(total - p.times.reduce(0, +)))")
    }

    @Test(arguments: ["binary", "three_class"]) func benchFixtureDistance(_ name: String) throws {
        guard ProcessInfo.processInfo.environment["LR_BENCH"] != nil else { return }
        let c = try Self.reference(name)
        let (_, _, model) = try Self.fitted(c)
        let coef = zip(model.coefficients, c.coef.flatMap { $0 }).map { abs($0 - $1) }.max()!
        let icpt = zip(model.intercepts, c.intercept).map { abs($0 - $1) }.max()!
        print("FIXTURE \(name): max |Δcoef| \(coef), max |Δintercept| \(icpt), iterations \(model.iterations)")
    }

    static func loadRaw(_ name: String) throws -> NPYArray {
        try NPYCodec.decode(Data(contentsOf: URL(fileURLWithPath: "/tmp/lrbench/\(name).npy")))
    }

    /// The directive's work at the target scale: 7 × (scaler, fit, predict 1000 held-out rows).
    @Test func benchDirective() throws {
        guard ProcessInfo.processInfo.environment["LR_BENCH"] != nil else { return }
        let xa = try Self.loadRaw("X2"), ta = try Self.loadRaw("Xt2")
        let raw = FeatureRows(count: xa.shape[0], width: xa.shape[1], values: xa.doubles)
        let test = FeatureRows(count: ta.shape[0], width: ta.shape[1], values: ta.doubles)
        let y = try Self.loadRaw("y2").integers!
        for _ in 0..<3 {
            let t = Date()
            var iterations = 0
            for _ in 0..<7 {
                let scaler = StandardScaler(fitting: raw)
                let m = try LogisticRegression().fit(scaler.transform(raw), labels: y, classCount: 2)
                _ = m.predict(scaler.transform(test))
                iterations = m.iterations
            }
            let total = Date().timeIntervalSince(t)
            print("DIRECTIVE ours 7 fits: \(String(format: "%.3f", total)) s (\(Self.ms(total / 7)) ms per fit), iterations \(iterations)")
        }
    }

    static func memData() throws -> (train: FeatureRows, labels: [Int], test: FeatureRows, testLabels: [Int])? {
        guard ProcessInfo.processInfo.environment["LR_BENCH"] != nil else { return nil }
        func load(_ name: String) throws -> NPYArray { try NPYCodec.decode(Data(contentsOf: URL(fileURLWithPath: "/tmp/lrbench/memdata/\(name).npy"))) }
        let (a, b) = (try load("train"), try load("generated"))
        let raw = FeatureRows(count: a.shape[0], width: a.shape[1], values: a.doubles)
        let scaler = StandardScaler(fitting: raw)
        return (scaler.transform(raw), try load("train-labels").integers!,
                scaler.transform(FeatureRows(count: b.shape[0], width: b.shape[1], values: b.doubles)), try load("generated-labels").integers!)
    }

    static func fitWith(memory: Int, tolerance: Double, _ x: FeatureRows, _ y: [Int]) -> (theta: [Double], iterations: Int, seconds: Double) {
        var objective = LogisticRegression.Objective(x: x, labels: y, classCount: 2, inverseRegularization: 1)
        let t = Date()
        var solver = LBFGS(maxIterations: 100_000, tolerance: tolerance)
        solver.memory = memory
        let r = solver.minimize(from: [Double](repeating: 0, count: objective.dimension), &objective)
        precondition(r.outcome == .converged)
        return (r.x, r.iterations, Date().timeIntervalSince(t))
    }

    static func predictions(_ theta: [Double], _ x: FeatureRows) -> [Double] {
        let d = x.width
        return (0..<x.count).map { i in (0..<d).reduce(theta[d]) { $0 + theta[$1] * x.values[i * d + $1] } }
    }

    @Test func benchMemData() throws {
        guard let data = try Self.memData() else { return }
        let reference = Self.fitWith(memory: 10, tolerance: 1e-10, data.train, data.labels)
        let refScores = Self.predictions(reference.theta, data.test)
        let refAccuracy = zip(refScores, data.testLabels).filter { ($0 > 0 ? 1 : 0) == $1 }.count
        print("MEM reference m=10 tol 1e-10: iterations \(reference.iterations), \(Self.ms(reference.seconds)) ms, max|θ| \(reference.theta.map(abs).max()!), correct on B \(refAccuracy)/4000")
        for (memory, tol) in [(10, 1e-4), (10, 1e-6), (10, 1e-8), (10, 1e-9), (20, 1e-10), (30, 1e-10), (50, 1e-10), (20, 1e-8)] {
            let m = Self.fitWith(memory: memory, tolerance: tol, data.train, data.labels)
            let scores = Self.predictions(m.theta, data.test)
            let flips = zip(scores, refScores).filter { ($0 > 0) != ($1 > 0) }.count
            let dTheta = zip(m.theta, reference.theta).map { abs($0 - $1) }.max()!
            let dScore = zip(scores, refScores).map { abs($0 - $1) }.max()!
            let correct = zip(scores, data.testLabels).filter { ($0 > 0 ? 1 : 0) == $1 }.count
            print("MEM m=\(memory) tol \(tol): iterations \(m.iterations), \(Self.ms(m.seconds)) ms, max|Δθ| \(dTheta), max|Δscore| on B \(dScore), flips on B \(flips)/4000, correct \(correct)")
        }
    }

    @Test func benchMemorySweep() throws {
        guard let data = try Self.memData(), let (gx, gy) = try Self.loadBench(2) else { return }
        for (name, x, y) in [("gauss", gx, gy), ("cnn", data.train, data.labels)] {
            let reference = Self.fitWith(memory: 10, tolerance: 1e-10, x, y)
            for memory in [5, 10, 20, 30, 50, 100] {
                let m = Self.fitWith(memory: memory, tolerance: 1e-10, x, y)
                let dTheta = zip(m.theta, reference.theta).map { abs($0 - $1) }.max()!
                print("SWEEP \(name) m=\(memory): iterations \(m.iterations), \(Self.ms(m.seconds)) ms, \(String(format: "%.2f", 1000 * m.seconds / Double(m.iterations))) ms/iter, max|Δθ| vs m=10 \(dTheta)")
            }
        }
    }

    @Test func benchMemorySweep5() throws {
        guard let (x, y) = try Self.loadBench(5) else { return }
        for memory in [10, 30, 50] {
            var objective = LogisticRegression.Objective(x: x, labels: y, classCount: 5, inverseRegularization: 1)
            let t = Date()
            var solver = LBFGS(maxIterations: 100_000, tolerance: 1e-10)
            solver.memory = memory
            let r = solver.minimize(from: [Double](repeating: 0, count: objective.dimension), &objective)
            let seconds = Date().timeIntervalSince(t)
            print("SWEEP5 m=\(memory): iterations \(r.iterations), \(Self.ms(seconds)) ms, \(String(format: "%.2f", 1000 * seconds / Double(r.iterations))) ms/iter")
        }
    }

    @Test func benchTolerance() throws {
        guard let (x, y) = try Self.loadBench(2) else { return }
        let reference = try LogisticRegression(tolerance: 1e-10).fit(x, labels: y, classCount: 2)
        let refTheta = reference.coefficients + reference.intercepts
        let refScores = reference.decisionFunction(x), refProbabilities = reference.probabilities(x)
        let ta = try Self.loadRaw("Xt2"), xa = try Self.loadRaw("X2")
        let rawTrain = FeatureRows(count: xa.shape[0], width: xa.shape[1], values: xa.doubles)
        let test = StandardScaler(fitting: rawTrain).transform(FeatureRows(count: ta.shape[0], width: ta.shape[1], values: ta.doubles))
        let testTruth = try Self.loadRaw("yt2").integers!
        let refTest = reference.decisionFunction(test)
        let refAccuracy = ClassificationScores(truth: testTruth, predicted: reference.predict(test), classCount: 2).accuracy
        print("TOL reference held-out accuracy \(refAccuracy)")
        for tol in [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-12] {
            let t = Date()
            let m = try LogisticRegression(tolerance: tol).fit(x, labels: y, classCount: 2)
            let time = Date().timeIntervalSince(t)
            let theta = m.coefficients + m.intercepts
            let coefDiff = zip(theta, refTheta).map { abs($0 - $1) }.max()!
            let coefScale = refTheta.map(abs).max()!
            let probDiff = zip(m.probabilities(x), refProbabilities).map { abs($0 - $1) }.max()!
            let flips = zip(m.decisionFunction(x), refScores).filter { ($0 > 0) != ($1 > 0) }.count
            let testFlips = zip(m.decisionFunction(test), refTest).filter { ($0 > 0) != ($1 > 0) }.count
            let testScoreDiff = zip(m.decisionFunction(test), refTest).map { abs($0 - $1) }.max()!
            let accuracy = ClassificationScores(truth: testTruth, predicted: m.predict(test), classCount: 2).accuracy
            print("TOL \(tol): held-out flips \(testFlips) of \(test.count), max|Δscore| \(testScoreDiff), accuracy \(accuracy)")
            print("TOL \(tol): iterations \(m.iterations) time \(Self.ms(time)) ms gnorm \(m.gradientNorm) max|Δθ| \(coefDiff) (max|θ| \(coefScale)) max|Δp| \(probDiff) train-prediction flips \(flips)")
        }
    }
}

// TEMPORARY: the previous implementation, for side-by-side timing (to be deleted)
enum OldLR {
    /// The mean penalised log-loss and its gradient: (Σᵢ ℓᵢ + ‖W‖²/(2C)) / n, scikit-learn's objective over n.
    /// Parameters θ: W row-major (rows × d), then the intercepts b (rows); rows = 1 for two classes, K else.
    struct Objective {
        let x: FeatureRows
        let labels: [Int]
        let classCount: Int
        let inverseRegularization: Double

        var rows: Int { classCount == 2 ? 1 : classCount }
        var parameterCount: Int { rows * (x.width + 1) }

        /// - Complexity: two GEMMs of n × d × rows.
        func evaluate(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
            let (n, d, r) = (x.count, x.width, rows)
            let w = Array(theta[0..<(r * d)])
            let scores = BLAS.multiply(x.values, w, m: n, k: d, n: r, transposeB: true)
            var residuals = [Double](repeating: 0, count: r * n)  // rows × n: ∂ℓᵢ/∂zᵢₖ, transposed for the GEMM
            var loss = 0.0
            if r == 1 {
                for i in 0..<n {
                    let z = scores[i] + theta[d], y = Double(labels[i])
                    loss += Self.softplus(z) - y * z
                    residuals[i] = Self.sigmoid(z) - y
                }
            } else {
                var exps = [Double](repeating: 0, count: r)
                for i in 0..<n {
                    var top = -Double.infinity
                    for k in 0..<r { top = max(top, scores[i * r + k] + theta[r * d + k]) }
                    var sum = 0.0
                    for k in 0..<r { exps[k] = exp(scores[i * r + k] + theta[r * d + k] - top); sum += exps[k] }
                    loss += top + log(sum) - (scores[i * r + labels[i]] + theta[r * d + labels[i]])
                    for k in 0..<r { residuals[k * n + i] = exps[k] / sum - (k == labels[i] ? 1 : 0) }
                }
            }
            let penalty = 1 / (inverseRegularization * Double(n))
            let scale = 1 / Double(n)
            var gradient = BLAS.multiply(residuals, x.values, m: r, k: n, n: d)
            var squaredNorm = 0.0
            for j in 0..<(r * d) {
                squaredNorm += w[j] * w[j]
                gradient[j] = gradient[j] * scale + penalty * w[j]
            }
            for k in 0..<r {
                var sum = 0.0
                for i in 0..<n { sum += residuals[k * n + i] }
                gradient.append(sum * scale)
            }
            return (loss * scale + 0.5 * penalty * squaredNorm, gradient)
        }

        /// log(1 + eᶻ) without overflow.
        static func softplus(_ z: Double) -> Double { max(z, 0) + log1p(exp(-abs(z))) }

        static func sigmoid(_ z: Double) -> Double {
            z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
        }
    }
}

/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, algorithms 7.4 and 7.5) for a smooth
/// convex objective: the last `memory` steps shape the direction (two-loop recursion, initial scaling
/// sᵀy/yᵀy), and a line search finds a step satisfying the strong Wolfe conditions.
///
/// The line search brackets by the sign of the directional derivative, which stays accurate where the
/// objective's changes fall below its rounding error, and its sufficient-decrease test allows that rounding
/// (1e-12 relative): so the gradient can be driven far below √ε, as a tight tolerance needs.
struct OldLBFGS {
    var memory = 10
    var maxIterations: Int
    /// Stop when the largest absolute gradient component is at most this.
    var tolerance: Double
    /// Objective evaluations per line search (scikit-learn's `maxls`).
    var maxLineSearchEvaluations = 50
    /// Sufficient decrease and curvature constants.
    var c1 = 1e-4, c2 = 0.9

    enum Outcome: Equatable { case converged, iterationLimit, lineSearchFailed }

    struct Result {
        var x: [Double]
        var value: Double
        var gradientNorm: Double
        var iterations: Int
        var outcome: Outcome
    }

    typealias Function = ([Double]) -> (value: Double, gradient: [Double])

    /// A point the line search reached: position, value, gradient.
    struct Point {
        var x: [Double]
        var value: Double
        var gradient: [Double]
    }

    func minimize(from start: [Double], _ f: Function) -> Result {
        let first = f(start)
        var point = Point(x: start, value: first.value, gradient: first.gradient)
        var steps = [[Double]](), changes = [[Double]](), curvatures = [Double]()  // s, y, 1/sᵀy
        var iteration = 0
        while !(Self.maxNorm(point.gradient) <= tolerance) {
            guard iteration < maxIterations else { return result(point, iteration, .iterationLimit) }
            iteration += 1
            var direction = Self.direction(point.gradient, steps, changes, curvatures)
            var slope = Self.dot(point.gradient, direction)
            if slope >= 0 || !slope.isFinite {
                (steps, changes, curvatures) = ([], [], [])
                direction = point.gradient.map { -$0 }
                slope = Self.dot(point.gradient, direction)
            }
            let initial = steps.isEmpty ? min(1, 1 / Self.dot(point.gradient, point.gradient).squareRoot()) : 1
            guard let next = lineSearch(from: point, direction: direction, slope: slope, initial: initial, f) else {
                if steps.isEmpty { return result(point, iteration - 1, .lineSearchFailed) }
                (steps, changes, curvatures) = ([], [], [])  // retry along the steepest descent
                continue
            }
            let s = zip(next.x, point.x).map { $0 - $1 }, y = zip(next.gradient, point.gradient).map { $0 - $1 }
            let sy = Self.dot(s, y)
            if sy > Double.ulpOfOne * Self.dot(y, y) {
                if steps.count == memory { steps.removeFirst(); changes.removeFirst(); curvatures.removeFirst() }
                steps.append(s); changes.append(y); curvatures.append(1 / sy)
            }
            point = next
        }
        return result(point, iteration, .converged)
    }

    func result(_ point: Point, _ iterations: Int, _ outcome: Outcome) -> Result {
        Result(x: point.x, value: point.value, gradientNorm: Self.maxNorm(point.gradient), iterations: iterations, outcome: outcome)
    }

    /// −H·g by the two-loop recursion; −g without history.
    static func direction(_ g: [Double], _ steps: [[Double]], _ changes: [[Double]], _ curvatures: [Double]) -> [Double] {
        var q = g
        var alphas = [Double](repeating: 0, count: steps.count)
        for i in steps.indices.reversed() {
            alphas[i] = curvatures[i] * dot(steps[i], q)
            for j in q.indices { q[j] -= alphas[i] * changes[i][j] }
        }
        if let y = changes.last, let rho = curvatures.last {
            let gamma = 1 / (rho * dot(y, y))
            for j in q.indices { q[j] *= gamma }
        }
        for i in steps.indices {
            let beta = curvatures[i] * dot(changes[i], q)
            for j in q.indices { q[j] += (alphas[i] - beta) * steps[i][j] }
        }
        return q.map { -$0 }
    }

    /// A step along `direction` meeting the strong Wolfe conditions, f(α) ≤ f(0) + c₁αf′(0) (up to rounding)
    /// and |f′(α)| ≤ c₂|f′(0)|. Convexity makes both tests monotone in α: a failed decrease or a positive
    /// slope bounds the step from above, a steep negative slope from below; the next trial is the secant
    /// root of f′ in the bracket, kept a tenth away from its ends, or its midpoint. Without a full Wolfe
    /// point within the budget, the lowest-bound point if it moved; nil otherwise.
    func lineSearch(from start: Point, direction: [Double], slope: Double, initial: Double, _ f: Function) -> Point? {
        let slack = 1e-12 * abs(start.value)
        var low = (alpha: 0.0, slope: slope, point: start)
        var high: (alpha: Double, slope: Double)?
        var alpha = initial
        for _ in 0..<maxLineSearchEvaluations {
            let x = zip(start.x, direction).map { $0 + alpha * $1 }
            let (value, gradient) = f(x)
            let trialSlope = Self.dot(gradient, direction)
            let decreases = value <= start.value + c1 * alpha * slope + slack
            if decreases && abs(trialSlope) <= -c2 * slope { return Point(x: x, value: value, gradient: gradient) }
            if !decreases || !(trialSlope < 0) {
                high = (alpha, trialSlope)
            } else {
                low = (alpha, trialSlope, Point(x: x, value: value, gradient: gradient))
            }
            guard let bound = high else { alpha *= 4; continue }
            let width = bound.alpha - low.alpha
            guard width > 1e-15 * bound.alpha else { break }
            alpha = low.alpha + width / 2
            if bound.slope > low.slope {
                let secant = low.alpha - low.slope * width / (bound.slope - low.slope)
                if secant >= low.alpha + 0.1 * width && secant <= bound.alpha - 0.1 * width { alpha = secant }
            }
        }
        return low.alpha > 0 ? low.point : nil
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// max |aᵢ|, NaN when any component is NaN (so that a NaN gradient never passes for converged).
    static func maxNorm(_ a: [Double]) -> Double { a.reduce(0) { $0.isNaN || $1.isNaN ? .nan : max($0, abs($1)) } }
}

extension OldLR {
    static func fit(_ x: FeatureRows, labels: [Int], classCount: Int, tolerance: Double = 1e-10) -> OldLBFGS.Result {
        let objective = Objective(x: x, labels: labels, classCount: classCount, inverseRegularization: 1)
        return OldLBFGS(maxIterations: 10000, tolerance: tolerance).minimize(from: [Double](repeating: 0, count: objective.parameterCount), objective.evaluate)
    }
}
