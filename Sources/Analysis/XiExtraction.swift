/// Cluster extraction from an OPTICS reachability plot: ξ steep areas (Ankerst et al. 1999 with
/// scikit-learn's corrections) and the DBSCAN-like cut.
struct XiExtraction {
    let graph: ReachabilityGraph.Result
    let xi: Double
    let minSamples: Int
    let minClusterSize: Int
    let predecessorCorrection: Bool

    private struct SteepDownArea {
        var start: Int
        var end: Int
        var mib: Double
    }

    /// Clusters as inclusive ranges of ordering positions, in scikit-learn's order.
    func clusters() -> [ClosedRange<Int>] {
        let n = graph.ordering.count
        let r = graph.ordering.map { graph.reachability[$0] } + [.infinity]
        let p = graph.ordering.map { graph.predecessor[$0] }
        let complement = 1 - xi
        let ratio = (0..<n).map { r[$0] / r[$0 + 1] }  // inf/inf = NaN: every comparison false
        let steepUp = ratio.map { $0 <= complement }
        let steepDown = ratio.map { $0 >= 1 / complement }
        let down = ratio.map { $0 > 1 }
        let up = ratio.map { $0 < 1 }

        var areas = [SteepDownArea]()
        var clusters = [ClosedRange<Int>]()
        var index = 0
        var mib = 0.0
        for s in 0..<n where (steepUp[s] || steepDown[s]) && s >= index {
            mib = max(mib, r[index...s].max()!)
            areas = filter(areas, mib: mib, complement: complement, r: r)
            if steepDown[s] {
                let end = extend(from: s, steep: steepDown, breaker: up)
                areas.append(SteepDownArea(start: s, end: end, mib: 0))
                index = end + 1
                mib = r[index]
            } else {
                let upEnd = extend(from: s, steep: steepUp, breaker: down)
                index = upEnd + 1
                mib = r[index]
                var found = [ClosedRange<Int>]()
                for area in areas {
                    var start = area.start
                    var end = upEnd
                    if r[end + 1] * complement < area.mib { continue }
                    let dMax = r[area.start]
                    if dMax * complement >= r[end + 1] {
                        while r[start + 1] > r[end + 1] && start < area.end { start += 1 }
                    } else if r[end + 1] * complement >= dMax {
                        while r[end - 1] > dMax && end > s { end -= 1 }
                    }
                    if predecessorCorrection {
                        guard let corrected = correctPredecessor(r: r, p: p, start: start, end: end) else { continue }
                        (start, end) = corrected
                    }
                    if end - start + 1 < minClusterSize || start > area.end || end < s { continue }
                    found.append(start...end)
                }
                clusters += found.reversed()
            }
        }
        return clusters
    }

    private func filter(_ areas: [SteepDownArea], mib: Double, complement: Double, r: [Double]) -> [SteepDownArea] {
        guard mib.isFinite else { return [] }
        return areas.filter { mib <= r[$0.start] * complement }.map {
            var a = $0
            a.mib = max(a.mib, mib)
            return a
        }
    }

    /// The end of a steep region: steep points extend it, up to `minSamples` non-steep points in a row
    /// are tolerated, a point going the other way stops it.
    private func extend(from start: Int, steep: [Bool], breaker: [Bool]) -> Int {
        var nonSteep = 0
        var end = start
        var i = start
        while i < steep.count {
            if steep[i] {
                nonSteep = 0
                end = i
            } else if !breaker[i] {
                nonSteep += 1
                if nonSteep > minSamples { break }
            } else {
                return end
            }
            i += 1
        }
        return end
    }

    private func correctPredecessor(r: [Double], p: [Int], start: Int, end: Int) -> (Int, Int)? {
        var end = end
        while start < end {
            if r[start] > r[end] { return (start, end) }
            let predecessorOfEnd = p[end]
            if (start..<end).contains(where: { graph.ordering[$0] == predecessorOfEnd }) { return (start, end) }
            end -= 1
        }
        return nil
    }

    /// Sample labels: each cluster in turn labels its range if none of it is labelled yet.
    static func labels(_ clusters: [ClosedRange<Int>], ordering: [Int]) -> [Int] {
        var positional = [Int](repeating: -1, count: ordering.count)
        var next = 0
        for cluster in clusters where positional[cluster].allSatisfy({ $0 == -1 }) {
            for i in cluster { positional[i] = next }
            next += 1
        }
        var labels = [Int](repeating: -1, count: ordering.count)
        for (position, sample) in ordering.enumerated() { labels[sample] = positional[position] }
        return labels
    }

    static func dbscanLabels(_ graph: ReachabilityGraph.Result, eps: Double) -> [Int] {
        var labels = [Int](repeating: 0, count: graph.ordering.count)
        var counter = -1
        for sample in graph.ordering {
            if graph.reachability[sample] > eps && graph.coreDistances[sample] <= eps { counter += 1 }
            labels[sample] = counter
        }
        for sample in labels.indices where graph.reachability[sample] > eps && graph.coreDistances[sample] > eps {
            labels[sample] = -1
        }
        return labels
    }
}
