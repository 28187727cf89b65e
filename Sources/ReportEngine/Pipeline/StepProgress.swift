import Foundation

/// How far a long step has got through its items (the images of a `features` step).
public struct StepProgress: Sendable, Equatable {
    public let stepID: String
    public let directive: String
    /// What is counted, plural: "images".
    public let unit: String
    public let done: Int
    public let total: Int
    /// Since the step started computing.
    public let seconds: Double
    /// For a step spread over shards: how they stand.
    public let shards: ShardCounts?

    public init(stepID: String, directive: String, unit: String, done: Int, total: Int, seconds: Double, shards: ShardCounts? = nil) {
        (self.stepID, self.directive, self.unit, self.done, self.total, self.seconds) = (stepID, directive, unit, done, total, seconds)
        self.shards = shards
    }

    /// Every item done, or (sharded) every shard ended.
    public var isFinished: Bool { shards.map(\.hasEnded) ?? (done >= total) }

    /// Items per second so far.
    public var rate: Double { seconds > 0 ? Double(done) / seconds : 0 }

    /// Seconds left at the rate so far; nil before anything is done.
    public var remainingSeconds: Double? { done > 0 && rate > 0 ? Double(total - done) / rate : nil }

    /// `features #most: 120/4000 images · 3.1/s · about 21 min left`; sharded, with
    /// `· shards 2 done / 1 running / 1 pending / 0 failed` after the count.
    public var description: String {
        var text = "\(directive) #\(stepID): \(done)/\(total) \(unit)"
        if let shards { text += " · shards \(shards.description)" }
        if done > 0 { text += String(format: " · %.1f/s", rate) }
        if !isFinished, let remaining = remainingSeconds { text += " · about \(Self.duration(remaining)) left" }
        if isFinished { text += String(format: " · %.1f s", seconds) }
        return text
    }

    static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<60: "\(max(1, Int(seconds.rounded()))) s"
        case ..<3600: "\(Int((seconds / 60).rounded())) min"
        default: String(format: "%.1f h", seconds / 3600)
        }
    }
}

/// How the shards of a step spread over other processes stand.
public struct ShardCounts: Sendable, Equatable {
    public var done: Int
    public var running: Int
    public var pending: Int
    public var failed: Int

    public init(done: Int = 0, running: Int = 0, pending: Int = 0, failed: Int = 0) {
        (self.done, self.running, self.pending, self.failed) = (done, running, pending, failed)
    }

    public var hasEnded: Bool { running == 0 && pending == 0 }

    /// `2 done / 1 running / 1 pending / 0 failed`
    public var description: String { "\(done) done / \(running) running / \(pending) pending / \(failed) failed" }
}
