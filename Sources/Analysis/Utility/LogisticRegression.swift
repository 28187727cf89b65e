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
/// Settings only; `fit` returns the fitted model. Deterministic: the same input gives the same bits,
/// whatever the cores (blocks of rows fixed by the input's shape, added in order; single-threaded BLAS).
public struct LogisticRegression: Sendable, Equatable {
    /// scikit-learn's `C` (> 0): the smaller, the stronger the penalty.
    public var inverseRegularization: Double
    public var maxIterations: Int
    /// L-BFGS stops when no component of the gradient of the mean objective (the objective over n, the
    /// scale of scikit-learn's and SciPy's `gtol`) exceeds this.
    public var tolerance: Double

    public static let defaultMaxIterations = 10_000
    public static let defaultTolerance = 1e-10
    /// L-BFGS's memory: scikit-learn's (SciPy's) is 10. CNN-like features (correlated, non-negative) make
    /// the problem ill-conditioned, and the tight tolerance then needs hundreds of iterations; with 50
    /// steps remembered, a 4000 × 512 fit took 229 instead of 654 (two-class Gaussian clouds: 34 either
    /// way), for O(memory · parameters) more work per iteration, a small fraction of its two passes over X.
    static let solverMemory = 50

    public init(inverseRegularization: Double = 1, maxIterations: Int = defaultMaxIterations, tolerance: Double = defaultTolerance) {
        (self.inverseRegularization, self.maxIterations, self.tolerance) = (inverseRegularization, maxIterations, tolerance)
    }

    /// Fits on `x` (n × d, standardised first as a rule) and one class index per row, each in 0 ..< `classCount`;
    /// every class must occur. - Complexity: O(n·d·K) per L-BFGS iteration: two passes over `x` (the
    /// product with the search direction and the gradient's), however many steps the line search tries.
    public func fit(_ x: FeatureRows, labels: [Int], classCount: Int) throws(Failure) -> Fitted {
        precondition(labels.count == x.count, "\(labels.count) labels for \(x.count) rows")
        guard inverseRegularization > 0, inverseRegularization.isFinite, maxIterations >= 1, tolerance > 0 else {
            throw .invalidSettings(inverseRegularization: inverseRegularization, maxIterations: maxIterations, tolerance: tolerance)
        }
        try Self.validate(x, labels: labels, classCount: classCount)
        var objective = Objective(x: x, labels: labels, classCount: classCount, inverseRegularization: inverseRegularization)
        let solver = LBFGS(memory: Self.solverMemory, maxIterations: maxIterations, tolerance: tolerance)
        let result = solver.minimize(from: [Double](repeating: 0, count: objective.dimension), &objective)
        switch result.outcome {
        case .converged: break
        case .iterationLimit: throw .notConverged(iterations: result.iterations, gradientNorm: result.gradientNorm, tolerance: tolerance)
        case .lineSearchFailed: throw .lineSearchFailed(iteration: result.iterations + 1, gradientNorm: result.gradientNorm)
        }
        // Multinomial: every gradient's intercept part sums to 0, so L-BFGS from 0 keeps the intercepts'
        // sum at 0 but for rounding; centring them fixes the free constant exactly as scikit-learn's.
        let rows = objective.rows
        let d = x.width
        var intercepts = Array(result.x[(rows * d)...])
        let shift = intercepts.reduce(0, +) / Double(rows)
        if rows > 1 { intercepts = intercepts.map { $0 - shift } }
        return Fitted(
            classCount: classCount, featureCount: d, coefficients: Array(result.x[0..<(rows * d)]),
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
        /// L-BFGS iterations taken (not comparable with scikit-learn's `n_iter_`: another line search and
        /// a longer memory).
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
                return scores.flatMap { z in
                    let p = 1 / (1 + exp(-z))
                    return [1 - p, p]
                }
            }
            let k = classCount
            var out = scores
            for i in 0..<x.count {
                let row = scores[(i * k)..<((i + 1) * k)]
                let top = row.max()!
                var sum = 0.0
                for c in 0..<k {
                    out[i * k + c] = exp(scores[i * k + c] - top)
                    sum += out[i * k + c]
                }
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
    ///
    /// Also the workspace L-BFGS runs in, its buffers allocated once. It keeps the scores Z = X·Wᵀ + b of
    /// the current point and their slope X·Pᵀ + p_b along the searched direction, so that an iteration
    /// reads X twice (X·p to aim, Xᵀ·R for the gradient at the accepted step) however many steps the
    /// line search tries. Z is carried from step to step (Z + α·dZ) rather than recomputed: it drifts from
    /// X·θ by a few ulps per iteration, far below the gradient tolerances in use.
    struct Objective: LineSearchObjective {
        let x: FeatureRows
        let labels: [Int]
        let classCount: Int
        let inverseRegularization: Double
        /// Coefficient rows: 1 for two classes (the binomial model), K otherwise.
        let rows: Int
        /// Z at the current point, intercepts included. It and the next three are rows × n, class-major
        /// as `Products` reads and writes them.
        private var scores: [Double]
        /// dZ/dα along the aimed line.
        private var scoreSlopes: [Double]
        /// ∂ℓᵢ/∂zᵢₖ at the current point.
        private var residuals: [Double]
        /// ∂ℓᵢ/∂zᵢₖ at the last probe or the last evaluation.
        private var trialResiduals: [Double]
        /// The last probe on the current line, whose loss and residuals `step` reuses when it moves there
        /// (the usual case: the first trial step passes).
        private var lastProbe: (alpha: Double, loss: Double)?
        /// One row's scores, then their exponentials (softmax).
        private var rowScratch: [Double]
        /// Per block of X's rows, its part of the gradient's product (`Products`).
        private var gradientParts: [Double]

        init(x: FeatureRows, labels: [Int], classCount: Int, inverseRegularization: Double) {
            (self.x, self.labels, self.classCount, self.inverseRegularization) = (x, labels, classCount, inverseRegularization)
            rows = classCount == 2 ? 1 : classCount
            scores = [Double](repeating: 0, count: rows * x.count)
            (scoreSlopes, residuals, trialResiduals) = (scores, scores, scores)
            rowScratch = [Double](repeating: 0, count: rows)
            gradientParts = [Double](repeating: 0, count: Products.partsCount(n: x.count, d: x.width, rows: rows))
        }

        var dimension: Int { rows * (x.width + 1) }

        /// The value and gradient at `theta`, computed afresh. - Complexity: two passes over X.
        func evaluate(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
            var workspace = self
            var gradient = [Double](repeating: 0, count: dimension)
            let value = workspace.evaluate(at: theta, gradient: &gradient)
            return (value, gradient)
        }

        mutating func evaluate(at theta: [Double], gradient: inout [Double]) -> Double {
            linearScores(theta, into: &scores)
            lastProbe = nil
            let loss = totalLoss(along: nil).loss
            swap(&residuals, &trialResiduals)
            return valueAndGradient(at: theta, loss: loss, gradient: &gradient)
        }

        /// - Complexity: one pass over X.
        mutating func aim(from theta: [Double], along direction: [Double]) {
            linearScores(direction, into: &scoreSlopes)
            lastProbe = nil
        }

        /// - Complexity: O(n·rows) exponentials, the scores at the step being Z + α·dZ.
        mutating func probe(_ alpha: Double, from theta: [Double], along direction: [Double]) -> (value: Double, slope: Double) {
            let (loss, lossSlope) = totalLoss(along: alpha)
            lastProbe = (alpha, loss)
            var (squaredNorm, normSlope) = (0.0, 0.0)
            for j in 0..<(rows * x.width) {
                let w = theta[j] + alpha * direction[j]  // as L-BFGS forms the next point: the same bits
                squaredNorm += w * w
                normSlope += w * direction[j]
            }
            let (scale, penalty) = scaling
            return (loss * scale + 0.5 * penalty * squaredNorm, lossSlope * scale + penalty * normSlope)
        }

        /// - Complexity: one pass over X.
        mutating func step(_ alpha: Double, to next: [Double], gradient: inout [Double]) -> Double {
            for i in scores.indices { scores[i] += alpha * scoreSlopes[i] }  // the sums `probe` formed: the same bits
            let loss = lastProbe.flatMap { $0.alpha == alpha ? $0.loss : nil } ?? totalLoss(along: nil).loss
            swap(&residuals, &trialResiduals)
            lastProbe = nil
            return valueAndGradient(at: next, loss: loss, gradient: &gradient)
        }

        /// 1/n and the penalty's weight in the mean objective, 1/(C·n).
        private var scaling: (scale: Double, penalty: Double) {
            (1 / Double(x.count), 1 / (inverseRegularization * Double(x.count)))
        }

        /// The value and gradient at `theta`, whose total loss is `loss` and residuals `residuals`.
        private mutating func valueAndGradient(at theta: [Double], loss: Double, gradient: inout [Double]) -> Double {
            let (n, d, r) = (x.count, x.width, rows)
            x.values.withUnsafeBufferPointer { xs in
                residuals.withUnsafeBufferPointer { rs in
                    gradientParts.withUnsafeMutableBufferPointer { parts in
                        gradient.withUnsafeMutableBufferPointer { g in
                            Products.residualsTimesX(rs, rows: r, xs, n: n, d: d, parts: parts, into: g)
                        }
                    }
                }
            }
            let (scale, penalty) = scaling
            var squaredNorm = 0.0
            for j in 0..<(r * d) {
                squaredNorm += theta[j] * theta[j]
                gradient[j] = gradient[j] * scale + penalty * theta[j]
            }
            for k in 0..<r {
                var sum = 0.0
                for i in 0..<n { sum += residuals[k * n + i] }
                gradient[r * d + k] = sum * scale
            }
            return loss * scale + 0.5 * penalty * squaredNorm
        }

        /// Σᵢ ℓᵢ at the scores Z + α·dZ (at Z without α) and its derivative in α, Σᵢₖ (∂ℓᵢ/∂zᵢₖ)·dZᵢₖ; the
        /// residuals ∂ℓᵢ/∂zᵢₖ to `trialResiduals`. - Complexity: O(n·rows) exponentials.
        private mutating func totalLoss(along alpha: Double?) -> (loss: Double, slope: Double) {
            let (n, r) = (x.count, rows)
            var (loss, slope) = (0.0, 0.0)
            for i in 0..<n {
                let label = labels[i]
                if r == 1 {
                    let z = alpha.map { scores[i] + $0 * scoreSlopes[i] } ?? scores[i]
                    let y = Double(label)
                    let e = exp(-abs(z))  // softplus and sigmoid from one exponential, neither overflowing
                    loss += max(z, 0) + log1p(e) - y * z
                    trialResiduals[i] = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y
                    if alpha != nil { slope += trialResiduals[i] * scoreSlopes[i] }
                    continue
                }
                var top = -Double.infinity
                for k in 0..<r {
                    rowScratch[k] = alpha.map { scores[k * n + i] + $0 * scoreSlopes[k * n + i] } ?? scores[k * n + i]
                    top = max(top, rowScratch[k])
                }
                let labelScore = rowScratch[label]
                var sum = 0.0
                for k in 0..<r {
                    rowScratch[k] = exp(rowScratch[k] - top)
                    sum += rowScratch[k]
                }
                loss += top + log(sum) - labelScore
                for k in 0..<r {
                    trialResiduals[k * n + i] = rowScratch[k] / sum - (k == label ? 1 : 0)
                    if alpha != nil { slope += trialResiduals[k * n + i] * scoreSlopes[k * n + i] }
                }
            }
            return (loss, slope)
        }

        /// (X·Wᵀ + b)ᵀ (rows × n) for θ = (W, b): the scores of a point, or their slope along a direction.
        private func linearScores(_ theta: [Double], into out: inout [Double]) {
            let (n, d, r) = (x.count, x.width, rows)
            x.values.withUnsafeBufferPointer { xs in
                theta.withUnsafeBufferPointer { t in
                    out.withUnsafeMutableBufferPointer { o in
                        Products.rowsTimesXTransposed(t, rows: r, xs, n: n, d: d, into: o)
                    }
                }
            }
            for k in 0..<r { for i in 0..<n { out[k * n + i] += theta[r * d + k] } }
        }
    }
}

/// The two products with the training matrix X (n × d, row-major) that the objective needs, W·Xᵀ (the
/// scores) and R·X (the gradient), where W and R have one row per class.
///
/// Blocks of X's rows (`blockRows`, set by d alone) run in parallel; each writes its own scores, or its
/// own part of R·X, and the parts are added in block order, so the bits depend on the input only, never
/// on the cores. Within a block, up to `gemvRowLimit` rows of W or R, each row is a matrix–vector product
/// (`cblas_dgemv`) over the block while it sits in the L2 cache: GEMM first copies its whole operand into
/// a packed layout, which costs more than the product when W has a few rows (at 4000 × 512 with one row,
/// 3–5× as long as the matrix–vector product). Above that limit, GEMM on the block.
private enum Products {
    /// Where per-row matrix–vector products stop beating GEMM (4000 × 512 on one core: 1.8× faster with
    /// 2 rows, 1.3× with 5, even with 8, slower with more).
    static let gemvRowLimit = 8

    /// Rows of X per block: 512 KiB, half an L2 cache.
    static func blockRows(d: Int) -> Int { max(1, 65_536 / max(d, 1)) }

    /// Doubles `residualsTimesX` needs for its parts.
    static func partsCount(n: Int, d: Int, rows r: Int) -> Int {
        let block = blockRows(d: d)
        return (n + block - 1) / block * r * d
    }

    /// out (r × n) = W (r × d) · Xᵀ; W may hold more than r × d values (θ, the intercepts after W).
    static func rowsTimesXTransposed(
        _ w: UnsafeBufferPointer<Double>, rows r: Int, _ x: UnsafeBufferPointer<Double>, n: Int, d: Int,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        guard d > 0 else {
            out.update(repeating: 0)
            return
        }  // no features: no pointers to pass (empty buffers)
        let w = SendablePointer(UnsafeMutablePointer(mutating: w.baseAddress!))
        let (x, out) = (SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!)), SendablePointer(out.baseAddress!))
        Parallel.forEachBlock(of: n, size: blockRows(d: d)) { _, block in
            let (first, xBlock) = (block.lowerBound, x.pointer + block.lowerBound * d)
            guard r <= gemvRowLimit else {
                return BLAS.dgemm(transposeB: true, m: r, n: block.count, k: d, w.pointer, lda: d, xBlock, ldb: d, out.pointer + first, ldc: n)
            }
            for k in 0..<r {
                BLAS.dgemv(xBlock, rows: block.count, columns: d, w.pointer + k * d, into: out.pointer + k * n + first)
            }
        }
    }

    /// out (r × d) = R (r × n) · X: each block's part to `parts` (`partsCount` doubles), then their sum in
    /// block order.
    static func residualsTimesX(
        _ residuals: UnsafeBufferPointer<Double>, rows r: Int, _ x: UnsafeBufferPointer<Double>, n: Int, d: Int,
        parts: UnsafeMutableBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) {
        guard d > 0 else { return }
        let rs = SendablePointer(UnsafeMutablePointer(mutating: residuals.baseAddress!))
        let (x, partial) = (SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!)), SendablePointer(parts.baseAddress!))
        Parallel.forEachBlock(of: n, size: blockRows(d: d)) { index, block in
            let (first, xBlock, part) = (block.lowerBound, x.pointer + block.lowerBound * d, partial.pointer + index * r * d)
            guard r <= gemvRowLimit else {
                return BLAS.dgemm(m: r, n: d, k: block.count, rs.pointer + first, lda: n, xBlock, ldb: d, part, ldc: d)
            }
            for k in 0..<r {
                BLAS.dgemv(xBlock, rows: block.count, columns: d, transposed: true, rs.pointer + k * n + first, into: part + k * d)
            }
        }
        for j in 0..<(r * d) { out[j] = parts[j] }
        for index in 1..<(parts.count / (r * d)) {
            for j in 0..<(r * d) { out[j] += parts[index * r * d + j] }
        }
    }
}
