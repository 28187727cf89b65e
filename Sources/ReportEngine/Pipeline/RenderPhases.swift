import Foundation

/// Where a render's wall time went, phase by phase (`run.json`'s `phases`, `litmus render -v`): the
/// steps' own time, and everything around them (reading and planning, hashing the inputs, waiting with
/// no step running, drawing, assembling and writing the report).
public struct RenderPhases: Sendable, Equatable {
    public struct Phase: Sendable, Equatable {
        public let name: String
        public let seconds: Double
    }

    public private(set) var phases: [Phase] = []

    public init() {}

    /// Runs `body` and adds its time as phase `name`.
    public mutating func time<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now()
        defer { add(name, seconds: Self.seconds(since: start)) }
        return try body()
    }

    public mutating func add(_ name: String, seconds: Double) { phases.append(Phase(name: name, seconds: seconds)) }

    mutating func append(contentsOf other: RenderPhases) { phases += other.phases }

    public var total: Double { phases.reduce(0) { $0 + $1.seconds } }

    /// The seconds of the phases called `name`.
    public func seconds(of name: String) -> Double { phases.filter { $0.name == name }.reduce(0) { $0 + $1.seconds } }

    static func seconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

    /// The phase names, declared once: run.json, `-v` and the docs use them.
    public enum Name {
        public static let planning = "reading and planning the template"
        public static let hashing = "hashing inputs, making keys"
        public static let steps = "steps running"
        public static let waiting = "waiting, no step running"
        public static let presenting = "presenting steps (drawing figures)"
        public static let assembling = "assembling the report"
        public static let writing = "writing the report and the status record"
    }

    /// The time inside the steps phase during which at least one step ran: the union of the steps'
    /// intervals (they overlap when steps run at once).
    static func busySeconds(_ intervals: [(start: Double, end: Double)]) -> Double {
        var busy = 0.0
        var reach = -Double.infinity
        for interval in intervals.sorted(by: { $0.start < $1.start }) {
            let start = max(interval.start, reach)
            if interval.end > start { busy += interval.end - start }
            reach = max(reach, interval.end)
        }
        return busy
    }
}
