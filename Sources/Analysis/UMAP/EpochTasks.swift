import Dispatch
import Foundation
import LinearAlgebra
import Synchronization

/// Runs the tasks of one epoch on the available cores with no barrier between `PartRounds`' rounds: a
/// task is ready once the task before it on each of its two parts has finished, and a free worker takes
/// the earliest ready task. Each part thus sees its tasks in one fixed order, and a task reads and moves
/// only its own parts, so the result is the same whatever the number of threads. (A barrier per round
/// cost 0.25 s in the 2-D layout.)
final class EpochTasks: Sendable {
    let tasks: [PartRounds.Pair]
    /// Per task, the tasks after it on its first and on its second part (−1: none).
    private let after: [(Int, Int)]
    /// Per task, how many tasks must finish before it: 0, 1 or 2.
    private let waitsFor: [Int]
    /// The tasks that wait for none, in order.
    private let firstReady: [Int]
    private let schedule: Mutex<Schedule>

    private struct Schedule {
        var waiting: [Int]
        /// Ready tasks in order of readiness; `ready[nextReady...]` are not taken yet.
        var ready: [Int]
        var nextReady: Int
        var unfinished: Int
    }

    init(_ rounds: PartRounds) {
        tasks = rounds.rounds.flatMap { $0 }
        var last = [Int: Int]()
        var after = [(Int, Int)](repeating: (-1, -1), count: tasks.count)
        var waitsFor = [Int](repeating: 0, count: tasks.count)
        for (index, pair) in tasks.enumerated() {
            for part in Set([pair.first, pair.second]) {
                guard let previous = last[part] else { continue }
                if tasks[previous].first == part { after[previous].0 = index } else { after[previous].1 = index }
                waitsFor[index] += 1
            }
            last[pair.first] = index; last[pair.second] = index
        }
        (self.after, self.waitsFor) = (after, waitsFor)
        firstReady = tasks.indices.filter { waitsFor[$0] == 0 }
        schedule = Mutex(Schedule(waiting: [], ready: [], nextReady: 0, unfinished: 0))
    }

    /// Runs every task once, `body` in parallel for tasks on disjoint parts; returns when all are done.
    func run(_ body: @Sendable (PartRounds.Pair) -> Void) {
        schedule.withLock { state in
            state = Schedule(waiting: waitsFor, ready: firstReady, nextReady: 0, unfinished: tasks.count)
        }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, tasks.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var done: Int?
            while true {
                let next: Int? = schedule.withLock { state in
                    if let done {
                        state.unfinished -= 1
                        for successor in [after[done].0, after[done].1] where successor >= 0 {
                            state.waiting[successor] -= 1
                            if state.waiting[successor] == 0 { state.ready.append(successor) }
                        }
                    }
                    guard state.nextReady < state.ready.count else { return state.unfinished == 0 ? nil : -1 }
                    state.nextReady += 1
                    return state.ready[state.nextReady - 1]
                }
                guard let next else { return }
                if next < 0 { done = nil; sched_yield(); continue }
                body(tasks[next])
                done = next
            }
        }
    }
}
