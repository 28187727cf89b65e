import Foundation

/// "Nice" tick positions for an axis range: steps of 1, 2, 2.5 or 5 times a power of ten.
public struct Ticks: Sendable, Equatable {
    public let values: [Double]
    public let step: Double
    /// Text under each tick; numeric ticks get as many decimals as the step needs.
    public let labels: [String]

    /// Ticks at given positions with given texts (categories of a heatmap).
    public init(positions: [Double], labels: [String]) {
        precondition(positions.count == labels.count)
        values = positions
        self.labels = labels
        step = 1
    }

    /// - Parameters:
    ///   - range: the axis limits; ticks fall inside them.
    ///   - target: about how many ticks are wanted.
    ///   - integer: only whole-number steps.
    public init(covering range: ClosedRange<Double>, target: Int = 6, integer: Bool = false) {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else {
            values = [range.lowerBound]
            step = 1
            labels = Self.labels(values, step: 1)
            return
        }
        let raw = span / Double(max(target - 1, 1))
        let magnitude = pow(10, floor(log10(raw)))
        var chosen = magnitude * 10
        for multiple in [1.0, 2.0, 2.5, 5.0, 10.0] where magnitude * multiple >= raw {
            chosen = magnitude * multiple
            break
        }
        if integer { chosen = max(1, chosen.rounded(.up)) }
        step = chosen
        let first = (range.lowerBound / chosen).rounded(.up)
        let last = (range.upperBound / chosen).rounded(.down)
        // i · step computed as (i · mantissa) / 10^k so 3 × 0.2 is exactly 0.6, not 0.6000000000000001.
        let exponent = Int(floor(log10(chosen) + 1e-9)) - 1
        let scale = pow(10, Double(abs(exponent)))
        let mantissa = exponent < 0 ? (chosen * scale).rounded() : (chosen / scale).rounded()
        values = stride(from: first, through: last, by: 1).map { i in
            (exponent < 0 ? i * mantissa / scale : i * mantissa * scale).cleanedZero
        }
        labels = Self.labels(values, step: chosen)
    }

    /// Tick labels with as many decimals as the step needs, identical for every tick.
    private static func labels(_ values: [Double], step: Double) -> [String] {
        // The fewest decimals that show the step exactly (0.25 needs 2, 0.5 needs 1, 20 needs 0).
        let decimals =
            (0...12).first { d in
                let scaled = step * pow(10, Double(d))
                return abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled)
            } ?? 12
        let useScientific = values.contains { abs($0) >= 1e6 } || (step < 1e-4)
        return values.map { value in
            if useScientific { return String(format: "%.2g", value) }
            return NumberText.fixed(value, decimals: decimals)
        }
    }
}

private extension Double {
    /// Avoids "-0" labels.
    var cleanedZero: Double { self == 0 ? 0 : self }
}
