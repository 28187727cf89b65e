import LinearAlgebra
import Synchronization

/// Runs a plan's levels one after another and the steps of a level at the same time: at most `jobs` at
/// once and never more than there are cores (steps spread over the cores themselves). Each worker is a
/// thread of its own: in a `concurrentPerform`, a step's own parallel loops would find the pool busy and
/// run serially (the demo's sweep took 7.4 s so, 4.0–4.4 s on a thread of its own).
struct LevelScheduler: Sendable {
    /// Steps at once at most (nil: as many as are independent).
    let jobs: Int?

    /// `body(step index)` for every step of every level, in each level's order as workers free up; a
    /// failure lets its level finish and stops before the next. Returns that level's failures, else none.
    func run(_ levels: [[Int]], _ body: @escaping @Sendable (Int) -> Diagnostic?) -> [Diagnostic] {
        for level in levels where !level.isEmpty {
            let queue = LevelQueue(level)
            Parallel.onThreads(min(jobs ?? Parallel.cores, Parallel.cores, level.count)) { _ in
                while let step = queue.next() {
                    if let failure = body(step) { queue.fail(failure) }
                }
            }
            let failures = queue.failures
            if !failures.isEmpty { return failures }
        }
        return []
    }
}

/// A level's steps handed out one at a time, and the failures reported back.
private final class LevelQueue: Sendable {
    private let steps: [Int]
    private let position = Mutex(0)
    private let failed = Mutex([Diagnostic]())

    init(_ steps: [Int]) { self.steps = steps }

    func next() -> Int? {
        position.withLock { position in
            defer { position += 1 }
            return position < steps.count ? steps[position] : nil
        }
    }

    func fail(_ diagnostic: Diagnostic) { failed.withLock { $0.append(diagnostic) } }

    var failures: [Diagnostic] { failed.withLock { $0 } }
}
