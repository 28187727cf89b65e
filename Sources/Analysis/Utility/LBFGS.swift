/// A smooth objective that L-BFGS can evaluate along a line more cheaply than at an arbitrary point.
///
/// The line search tries several steps x + α·p along one direction p. For a linear model the expensive
/// part of the objective is the product X·x, and X·(x + α·p) = X·x + α·X·p: after one product X·p
/// (`aim`), every trial step costs O(n) rather than a product, and only the accepted one needs a gradient.
///
/// An objective keeps what it needs about the current point (X·x for a linear model); the optimiser
/// passes the point, the direction and the next point, which it owns, to every call.
protocol LineSearchObjective {
    /// The number of parameters.
    var dimension: Int { get }
    /// The value at `x`, its gradient written to `gradient`; `x` becomes the current point.
    mutating func evaluate(at x: [Double], gradient: inout [Double]) -> Double
    /// Prepares trial steps from the current point `x` along `direction`.
    mutating func aim(from x: [Double], along direction: [Double])
    /// The value at x + α·direction and its derivative in α, for the line of the last `aim`; the current
    /// point does not change.
    mutating func probe(_ alpha: Double, from x: [Double], along direction: [Double]) -> (value: Double, slope: Double)
    /// Moves the current point α along the last `aim`'s direction to `next` (= x + α·direction, computed
    /// by the caller): the value there, its gradient written to `gradient`. The value is the one `probe`
    /// gave for the same α.
    mutating func step(_ alpha: Double, to next: [Double], gradient: inout [Double]) -> Double
}

/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, algorithms 7.4 and 7.5) for a smooth
/// convex objective: the last `memory` steps shape the direction (two-loop recursion, initial scaling
/// sᵀy/yᵀy), and a line search finds a step satisfying the strong Wolfe conditions.
///
/// The line search brackets by the sign of the directional derivative, which stays accurate where the
/// objective's changes fall below its rounding error, and its sufficient-decrease test allows that rounding
/// (1e-12 relative): so the gradient can be driven far below √ε, as a tight tolerance needs.
///
/// Every vector is allocated once per `minimize`, so an iteration costs the objective's work and O(memory·dimension).
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

    func minimize<Objective: LineSearchObjective>(from start: [Double], _ f: inout Objective) -> Result {
        precondition(start.count == f.dimension, "\(start.count) parameters for an objective of \(f.dimension)")
        let zeros = [Double](repeating: 0, count: start.count)
        var (x, gradient, next, nextGradient, direction) = (start, zeros, zeros, zeros, zeros)
        var value = f.evaluate(at: x, gradient: &gradient)
        var history = History(memory: memory, dimension: start.count)
        var iteration = 0
        func result(_ outcome: Outcome) -> Result {
            Result(x: x, value: value, gradientNorm: Self.maxNorm(gradient), iterations: iteration, outcome: outcome)
        }
        while !(Self.maxNorm(gradient) <= tolerance) {
            guard iteration < maxIterations else { return result(.iterationLimit) }
            iteration += 1
            history.descentDirection(for: gradient, into: &direction)
            var slope = Self.dot(gradient, direction)
            if slope >= 0 || !slope.isFinite {
                history.clear()
                history.descentDirection(for: gradient, into: &direction)
                slope = Self.dot(gradient, direction)
            }
            let initial = history.isEmpty ? min(1, 1 / Self.dot(gradient, gradient).squareRoot()) : 1
            f.aim(from: x, along: direction)
            let accepted = lineSearch(value: value, slope: slope, initial: initial) { alpha in
                f.probe(alpha, from: x, along: direction)
            }
            guard let alpha = accepted else {
                if history.isEmpty {
                    iteration -= 1
                    return result(.lineSearchFailed)
                }
                history.clear()  // retry along the steepest descent
                continue
            }
            for j in x.indices { next[j] = x[j] + alpha * direction[j] }
            value = f.step(alpha, to: next, gradient: &nextGradient)
            history.record(from: x, to: next, gradient: gradient, nextGradient: nextGradient)
            swap(&x, &next)
            swap(&gradient, &nextGradient)
        }
        return result(.converged)
    }

    /// A step along the aimed direction meeting the strong Wolfe conditions, f(α) ≤ f(0) + c₁αf′(0) (up
    /// to rounding) and |f′(α)| ≤ c₂|f′(0)|, from `value` = f(0) and `slope` = f′(0) < 0. Convexity makes
    /// both tests monotone in α: a failed decrease or a positive slope bounds the step from above, a steep
    /// negative slope from below; the next trial is the secant root of f′ in the bracket, kept a tenth away
    /// from its ends, or its midpoint. Without a full Wolfe point within the budget, the lower bound if it
    /// moved; nil otherwise.
    private func lineSearch(
        value: Double, slope: Double, initial: Double,
        _ probe: (Double) -> (value: Double, slope: Double)
    ) -> Double? {
        let slack = 1e-12 * abs(value)
        var low = (alpha: 0.0, slope: slope)
        var high: (alpha: Double, slope: Double)?
        var alpha = initial
        for _ in 0..<maxLineSearchEvaluations {
            let trial = probe(alpha)
            let decreases = trial.value <= value + c1 * alpha * slope + slack
            if decreases && abs(trial.slope) <= -c2 * slope { return alpha }
            if !decreases || !(trial.slope < 0) {
                high = (alpha, trial.slope)
            } else {
                low = (alpha, trial.slope)
            }
            guard let bound = high else {
                alpha *= 4
                continue
            }
            let width = bound.alpha - low.alpha
            guard width > 1e-15 * bound.alpha else { break }
            alpha = low.alpha + width / 2
            if bound.slope > low.slope {
                let secant = low.alpha - low.slope * width / (bound.slope - low.slope)
                if secant >= low.alpha + 0.1 * width && secant <= bound.alpha - 0.1 * width { alpha = secant }
            }
        }
        return low.alpha > 0 ? low.alpha : nil
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// max |aᵢ|, NaN when any component is NaN (so that a NaN gradient never passes for converged).
    static func maxNorm(_ a: [Double]) -> Double { a.reduce(0) { $0.isNaN || $1.isNaN ? .nan : max($0, abs($1)) } }
}

extension LBFGS {
    /// The last `memory` pairs s = xₖ₊₁ − xₖ, y = ∇fₖ₊₁ − ∇fₖ with ρ = 1/sᵀy, oldest first, in storage
    /// allocated once: one slot more than the memory, so that a new pair is written in place and only
    /// kept if its curvature is positive. - Complexity: O(memory·dimension) per direction.
    struct History {
        private let dimension: Int
        /// Slot i's s (and y) at i·dimension ..< (i + 1)·dimension: flat, for loops without bounds checks.
        private var steps: [Double]
        private var changes: [Double]
        private var curvatures: [Double]
        /// Slots in use, oldest first; `spare` is the free one.
        private var order: [Int] = []
        private var spare = 0
        private var alphas: [Double]

        init(memory: Int, dimension: Int) {
            precondition(memory >= 1, "L-BFGS needs a memory of at least one step")
            self.dimension = dimension
            steps = [Double](repeating: 0, count: (memory + 1) * dimension)
            changes = steps
            curvatures = [Double](repeating: 0, count: memory + 1)
            alphas = curvatures
            order.reserveCapacity(memory + 1)
        }

        var isEmpty: Bool { order.isEmpty }

        mutating func clear() {
            order.removeAll(keepingCapacity: true)
            spare = 0
        }

        /// Keeps the step from `x` to `next` if sᵀy > ε·yᵀy (curvature the convex objective guarantees
        /// but rounding may hide), dropping the oldest pair when full.
        mutating func record(from x: [Double], to next: [Double], gradient: [Double], nextGradient: [Double]) {
            let (slot, n) = (spare, dimension)
            var (sy, yy) = (0.0, 0.0)
            steps.withUnsafeMutableBufferPointer { steps in
                changes.withUnsafeMutableBufferPointer { changes in
                    let (s, y) = (steps.baseAddress! + slot * n, changes.baseAddress! + slot * n)
                    for j in 0..<n {
                        s[j] = next[j] - x[j]
                        y[j] = nextGradient[j] - gradient[j]
                        sy += s[j] * y[j]
                        yy += y[j] * y[j]
                    }
                }
            }
            guard sy > Double.ulpOfOne * yy else { return }
            curvatures[slot] = 1 / sy
            order.append(slot)
            // Slots fill in order after a `clear`, so until the memory is full the spare is the next one.
            spare = order.count < curvatures.count ? order.count : order.removeFirst()
        }

        /// −H·g by the two-loop recursion into `q`; −g without history.
        mutating func descentDirection(for g: [Double], into q: inout [Double]) {
            let (n, order, curvatures) = (dimension, order, curvatures)
            for j in 0..<n { q[j] = g[j] }
            guard let last = order.last else { return Self.negate(&q) }
            steps.withUnsafeBufferPointer { steps in
                changes.withUnsafeBufferPointer { changes in
                    alphas.withUnsafeMutableBufferPointer { alphas in
                        q.withUnsafeMutableBufferPointer { q in
                            let (s, y, q) = ({ steps.baseAddress! + $0 * n }, { changes.baseAddress! + $0 * n }, q.baseAddress!)
                            for i in order.reversed() {
                                let (si, yi) = (s(i), y(i))
                                alphas[i] = curvatures[i] * Self.dot(si, q, n)
                                for j in 0..<n { q[j] -= alphas[i] * yi[j] }
                            }
                            let gamma = 1 / (curvatures[last] * Self.dot(y(last), y(last), n))
                            for j in 0..<n { q[j] *= gamma }
                            for i in order {
                                let (si, yi) = (s(i), y(i))
                                let beta = curvatures[i] * Self.dot(yi, q, n)
                                for j in 0..<n { q[j] += (alphas[i] - beta) * si[j] }
                            }
                        }
                    }
                }
            }
            Self.negate(&q)
        }

        private static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
            var sum = 0.0
            for j in 0..<n { sum += a[j] * b[j] }
            return sum
        }

        private static func negate(_ q: inout [Double]) {
            for j in q.indices { q[j] = -q[j] }
        }
    }
}
