/// Whether a step's value is in the cache under its current key, and if not, why: what `litmus status`
/// prints per step. Nothing is run to find out.
public struct StepStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        /// In the cache: a render takes it from there.
        case cached
        /// Not in the cache: a render computes it.
        case stale
    }

    public let id: String
    public let directive: String
    public let state: State
    /// Why it is stale, each in words ("option `xi` 0.05 → 0.1"); empty when cached.
    public let reasons: [String]

    public var line: String {
        "\(state == .cached ? "cached" : "stale ") \(directive) #\(id)" + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; "))
    }
}

/// The status of every step of a template, in document order.
public struct StatusReport: Sendable {
    public let steps: [StepStatus]

    public var stale: [StepStatus] { steps.filter { $0.state == .stale } }

    /// The lines `litmus status` prints, ending with what a render would compute.
    public var text: String {
        let ending =
            stale.isEmpty
            ? "A render would compute nothing: every step is in the cache."
            : "A render would compute \(stale.count) of \(steps.count) steps: " + stale.map { "#\($0.id)" }.joined(separator: ", ") + "."
        return (steps.map(\.line) + [ending]).joined(separator: "\n")
    }
}
