import Foundation
import LinearAlgebra

/// scikit-learn's `LogisticRegression(penalty="l2", C=c, solver="lbfgs")` with an intercept, solved to a
/// tight tolerance: the minimiser of Σᵢ log-loss + ‖W‖²/(2C), the intercepts not penalised.
///
/// Classes are indices 0 ..< K (the caller maps its labels to indices in scikit-learn's sorted order).
/// Two classes: the binomial model, one coefficient row for class 1 (`coef_` of shape (1, d)). More: the
/// multinomial (softmax) model, one row per class (`coef_` (K, d)); its intercepts are only fixed up to a
/// common constant, which is set so that they sum to 0, as scikit-learn's are.
///
/// Settings only; `fit` returns the fitted model. Deterministic: the same input gives the same bits
/// (sequential sums, single-threaded BLAS).
public struct LogisticRegression: Sendable, Equatable {
    /// scikit-learn's `C` (> 0): the smaller, the stronger the penalty.
    public var inverseRegularization: Double
    public var maxIterations: Int
    /// L-BFGS stops when no component of the gradient of the mean objective (the objective over n, the
    /// scale of scikit-learn's and SciPy's `gtol`) exceeds this.
    public var tolerance: Double

    public static let defaultMaxIterations = 10_000
    public static let defaultTolerance = 1e-10

    public init(inverseRegularization: Double = 1, maxIterations: Int = defaultMaxIterations, tolerance: Double = defaultTolerance) {
        (self.inverseRegularization, self.maxIterations, self.tolerance) = (inverseRegularization, maxIterations, tolerance)
    }

    /// Fits on `x` (n × d, standardised first as a rule) and one class index per row, each in 0 ..< `classCount`;
    /// every class must occur. - Complexity: O(n·d·K) per L-BFGS iteration, a few evaluations each.
    public func fit(_ x: FeatureRows, labels: [Int], classCount: Int) throws(Failure) -> Fitted {
        precondition(labels.count == x.count, "\(labels.count) labels for \(x.count) rows")
        guard inverseRegularization > 0, inverseRegularization.isFinite, maxIterations >= 1, tolerance > 0 else {
            throw .invalidSettings(inverseRegularization: inverseRegularization, maxIterations: maxIterations, tolerance: tolerance)
        }
        try Self.validate(x, labels: labels, classCount: classCount)
        let objective = Objective(x: x, labels: labels, classCount: classCount, inverseRegularization: inverseRegularization)
        let solver = LBFGS(maxIterations: maxIterations, tolerance: tolerance)
        let result = solver.minimize(from: [Double](repeating: 0, count: objective.parameterCount), objective.evaluate)
        switch result.outcome {
        case .converged: break
        case .iterationLimit: throw .notConverged(iterations: result.iterations, gradientNorm: result.gradientNorm, tolerance: tolerance)
        case .lineSearchFailed: throw .lineSearchFailed(iteration: result.iterations + 1, gradientNorm: result.gradientNorm)
        }
        // Multinomial: every gradient's intercept part sums to 0, so L-BFGS from 0 keeps the intercepts'
        // sum at 0 but for rounding; centring them fixes the free constant exactly as scikit-learn's.
        let rows = objective.rows, d = x.width
        var intercepts = Array(result.x[(rows * d)...])
        let shift = intercepts.reduce(0, +) / Double(rows)
        if rows > 1 { intercepts = intercepts.map { $0 - shift } }
        return Fitted(classCount: classCount, featureCount: d, coefficients: Array(result.x[0..<(rows * d)]),
                      intercepts: intercepts, iterations: result.iterations, gradientNorm: result.gradientNorm)
    }

    private static func validate(_ x: FeatureRows, labels: [Int], classCount: Int) throws(Failure) {
        guard !labels.isEmpty else { throw .noTrainingItems }
        if let bad = x.values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(row: bad / max(x.width, 1), column: bad % max(x.width, 1))
        }
        if let bad = labels.firstIndex(where: { !(0..<max(classCount, 0)).contains($0) }) {
            throw .labelOutOfRange(item: bad, label: labels[bad], classCount: classCount)
        }
        var counts = [Int](repeating: 0, count: max(classCount, 1))
        for label in labels { counts[label] += 1 }
        guard counts.filter({ $0 > 0 }).count >= 2 else { throw .oneClass(classIndex: labels[0]) }
        if let empty = counts.firstIndex(of: 0) { throw .emptyClass(classIndex: empty, classCount: classCount) }
    }

    /// Why a logistic regression could not be fitted.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case invalidSettings(inverseRegularization: Double, maxIterations: Int, tolerance: Double)
        case noTrainingItems
        case nonFinite(row: Int, column: Int)
        case labelOutOfRange(item: Int, label: Int, classCount: Int)
        case oneClass(classIndex: Int)
        case emptyClass(classIndex: Int, classCount: Int)
        case notConverged(iterations: Int, gradientNorm: Double, tolerance: Double)
        case lineSearchFailed(iteration: Int, gradientNorm: Double)

        public var description: String {
            switch self {
            case .invalidSettings(let c, let iterations, let tolerance):
                "logistic regression needs C > 0 and finite, max_iter ≥ 1 and tol > 0; got C = \(c), max_iter = \(iterations), tol = \(tolerance)"
            case .noTrainingItems:
                "the training set is empty; a classifier needs labelled training items"
            case .nonFinite(let row, let column):
                "the training features have a NaN or infinite value at row \(row), column \(column); remove or impute it first"
            case .labelOutOfRange(let item, let label, let classCount):
                "training item \(item) has class index \(label), outside 0 ..< \(classCount)"
            case .oneClass(let index):
                "every training item has the same class (index \(index)); a classifier needs items of at least two classes in the training set"
            case .emptyClass(let index, let classCount):
                "class index \(index) of \(classCount) has no training item; its intercept would run to −∞ — leave the class out or add items of it"
            case .notConverged(let iterations, let gradient, let tolerance):
                "L-BFGS did not converge in \(iterations) iterations: the largest gradient component is \(gradient), above tol = \(tolerance); raise max_iter or tol, or standardise the features"
            case .lineSearchFailed(let iteration, let gradient):
                "L-BFGS found no step that lowers the objective at iteration \(iteration) (largest gradient component \(gradient)); the features may be badly scaled — standardise them, or raise tol"
            }
        }
    }
}

extension LogisticRegression {
    /// A fitted logistic regression: scikit-learn's `coef_`, `intercept_` and `predict`/`predict_proba`.
    public struct Fitted: Sendable, Equatable {
        public let classCount: Int
        public let featureCount: Int
        /// Row-major `coefficientRows × featureCount`: one row (class 1 against 0) for two classes, one per
        /// class otherwise, as `coef_`.
        public let coefficients: [Double]
        /// One per coefficient row, as `intercept_`; for more than two classes they sum to 0.
        public let intercepts: [Double]
        /// L-BFGS iterations taken (not comparable with scikit-learn's `n_iter_`: another line search).
        public let iterations: Int
        /// The largest gradient component of the mean objective at the solution.
        public let gradientNorm: Double

        public var coefficientRows: Int { intercepts.count }

        /// X·Wᵀ + b (n × `coefficientRows`, row-major): scikit-learn's `decision_function`.
        public func decisionFunction(_ x: FeatureRows) -> [Double] {
            precondition(x.width == featureCount, "the model was fitted on \(featureCount) features, the rows have \(x.width)")
            let rows = coefficientRows
            var scores = BLAS.multiply(x.values, coefficients, m: x.count, k: featureCount, n: rows, transposeB: true)
            for i in 0..<x.count { for k in 0..<rows { scores[i * rows + k] += intercepts[k] } }
            return scores
        }

        /// Class probabilities (n × K, row-major): the logistic function of the score for two classes
        /// ([1 − p, p]), the softmax of the scores otherwise.
        public func probabilities(_ x: FeatureRows) -> [Double] {
            let scores = decisionFunction(x)
            if coefficientRows == 1 {
                return scores.flatMap { z in let p = 1 / (1 + exp(-z)); return [1 - p, p] }
            }
            let k = classCount
            var out = scores
            for i in 0..<x.count {
                let row = scores[(i * k)..<((i + 1) * k)]
                let top = row.max()!
                var sum = 0.0
                for c in 0..<k { out[i * k + c] = exp(scores[i * k + c] - top); sum += out[i * k + c] }
                for c in 0..<k { out[i * k + c] /= sum }
            }
            return out
        }

        /// The class of each row: score > 0 for two classes, else the highest score, the lowest class
        /// index on a tie (NumPy's `argmax`), as scikit-learn's `predict`.
        public func predict(_ x: FeatureRows) -> [Int] {
            let scores = decisionFunction(x)
            if coefficientRows == 1 { return scores.map { $0 > 0 ? 1 : 0 } }
            return (0..<x.count).map { i in
                var best = 0
                for c in 1..<classCount where scores[i * classCount + c] > scores[i * classCount + best] { best = c }
                return best
            }
        }
    }
}

extension LogisticRegression {
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
struct LBFGS {
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
    private struct Point {
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

    private func result(_ point: Point, _ iterations: Int, _ outcome: Outcome) -> Result {
        Result(x: point.x, value: point.value, gradientNorm: Self.maxNorm(point.gradient), iterations: iterations, outcome: outcome)
    }

    /// −H·g by the two-loop recursion; −g without history.
    private static func direction(_ g: [Double], _ steps: [[Double]], _ changes: [[Double]], _ curvatures: [Double]) -> [Double] {
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
    private func lineSearch(from start: Point, direction: [Double], slope: Double, initial: Double, _ f: Function) -> Point? {
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
