import Foundation
import ReportEngine
import Synchronization

/// Log lines and step progress on standard error. On a terminal a long step's progress is one line
/// redrawn in place (at most five times a second) with the log lines printed above it; elsewhere (CI,
/// a file) progress is a plain line at every tenth of the way, so logs stay short.
final class ProgressDisplay: Sendable {
    private struct State {
        var bars: [String: StepProgress] = [:]
        var lastDraw = Date.distantPast
        var tenthsShown: [String: Int] = [:]
        var shardsShown: [String: ShardCounts] = [:]
    }

    private let isTerminal: Bool
    private let state = Mutex(State())

    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1) { self.isTerminal = isTerminal }

    func log(_ line: String) {
        state.withLock { state in
            write(isTerminal && !state.bars.isEmpty ? "\r\u{1B}[2K" + line + "\n" + barText(state) : line + "\n")
        }
    }

    func show(_ progress: StepProgress) {
        state.withLock { state in
            if isTerminal {
                if progress.isFinished { state.bars[progress.stepID] = nil } else { state.bars[progress.stepID] = progress }
                if progress.isFinished {
                    write("\r\u{1B}[2K" + progress.description + "\n" + barText(state))
                } else if Date().timeIntervalSince(state.lastDraw) >= 0.2 {
                    state.lastDraw = Date()
                    write("\r\u{1B}[2K" + barText(state))
                }
            } else {
                let tenth = progress.total > 0 ? progress.done * 10 / progress.total : 10
                // Sharded: also when a shard starts, ends or fails.
                let shardsMoved = progress.shards != nil && progress.shards != state.shardsShown[progress.stepID]
                guard tenth > state.tenthsShown[progress.stepID, default: 0] || shardsMoved else { return }
                state.tenthsShown[progress.stepID] = max(tenth, state.tenthsShown[progress.stepID, default: 0])
                state.shardsShown[progress.stepID] = progress.shards
                write("  " + progress.description + "\n")
            }
        }
    }

    /// The unfinished steps' progress, side by side on one line.
    private func barText(_ state: State) -> String {
        state.bars.keys.sorted().compactMap { state.bars[$0]?.description }.joined(separator: "  |  ")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
