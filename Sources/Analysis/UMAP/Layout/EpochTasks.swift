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
    /// Per task, the tasks after it on its first and on its second part.
    private let after: [(first: Int?, second: Int?)]
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

    /// The vertex parts the tasks work on.
    private let parts: Int

    init(_ rounds: PartRounds) {
        (tasks, parts) = (rounds.rounds.flatMap { $0 }, rounds.parts)
        var last = [Int: Int]()
        var after = [(first: Int?, second: Int?)](repeating: (nil, nil), count: tasks.count)
        var waitsFor = [Int](repeating: 0, count: tasks.count)
        for (index, pair) in tasks.enumerated() {
            for part in Set([pair.first, pair.second]) {
                guard let previous = last[part] else { continue }
                if tasks[previous].first == part { after[previous].first = index } else { after[previous].second = index }
                waitsFor[index] += 1
            }
            last[pair.first] = index
            last[pair.second] = index
        }
        (self.after, self.waitsFor) = (after, waitsFor)
        firstReady = tasks.indices.filter { waitsFor[$0] == 0 }
        schedule = Mutex(Schedule(waiting: [], ready: [], nextReady: 0, unfinished: 0))
    }

    /// What a free worker gets from the schedule.
    private enum Claim {
        /// Run this task.
        case task(Int)
        /// Every remaining task waits for one that is running: ask again.
        case wait
        /// Every task has finished.
        case finished
    }

    /// Runs every task once, `body` on up to `threads` threads for tasks on disjoint parts; returns when
    /// all are done.
    func run(threads: Int, _ body: @Sendable (PartRounds.Pair) -> Void) {
        schedule.withLock { state in
            state = Schedule(waiting: waitsFor, ready: firstReady, nextReady: 0, unfinished: tasks.count)
        }
        // More workers than parts would only wait: at most parts / 2 tasks (pairs of parts) run at once.
        let workers = max(1, min(threads, tasks.count, parts))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var done: Int?
            while true {
                switch claim(after: done) {
                case .task(let next):
                    body(tasks[next])
                    done = next
                case .wait:
                    done = nil
                    sched_yield()
                case .finished:
                    return
                }
            }
        }
    }

    /// Marks `done` finished (readying the tasks that waited for it) and takes the earliest ready task.
    private func claim(after done: Int?) -> Claim {
        schedule.withLock { state in
            if let done {
                state.unfinished -= 1
                for successor in [after[done].first, after[done].second].compactMap({ $0 }) {
                    state.waiting[successor] -= 1
                    if state.waiting[successor] == 0 { state.ready.append(successor) }
                }
            }
            guard state.nextReady < state.ready.count else { return state.unfinished == 0 ? .finished : .wait }
            state.nextReady += 1
            return .task(state.ready[state.nextReady - 1])
        }
    }
}
