import Foundation
import LinearAlgebra
import TestSupport
import Testing

@testable import Analysis

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
        struct Folds: Decodable {
            let y: [Int]
            let fold: [Int]
        }
        struct Logistic: Decodable {
            let binary: Case
            let three_class: Case
            let stratified_kfold: Folds
        }
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
        for (ours, theirs) in zip(model.coefficients, c.coef.flatMap { $0 }) {
            #expect(abs(ours - theirs) <= 1e-4, "coefficient \(ours) vs \(theirs)")
        }
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
        guard case .notConverged(3, let gradient, _)? = failure else {
            Issue.record("\(String(describing: failure))")
            return
        }
        #expect(gradient > 1e-10 && "\(failure!)".contains("\(gradient)"))
    }

    @Test func stratifiedFoldsHaveScikitLearnsClassCounts() throws {
        let f = try Self.fixture().stratified_kfold
        let folds = try StratifiedFolds(labels: f.y, foldCount: 5, seed: 0)
        #expect(folds.fold.count == f.y.count && folds.fold.allSatisfy { (0..<5).contains($0) })
        #expect((0..<5).flatMap { folds.items(in: $0) }.sorted() == Array(f.y.indices), "every item in exactly one fold")
        #expect(
            Set(folds.items(in: 2)).isDisjoint(with: folds.items(outside: 2)) && folds.items(outside: 2).count + folds.items(in: 2).count == f.y.count
        )
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
        #expect(throws: StratifiedFolds.Failure.tooManyFolds(folds: 5, items: 4)) {
            try StratifiedFolds(labels: [0, 1, 0, 1], foldCount: 5, seed: 0)
        }
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
