import Foundation
import LinearAlgebra

/// For each cluster, the members nearest its centroid (Euclidean, in the clustered space).
public enum Representatives {
    /// - Returns: per cluster label (ascending, noise −1 excluded), the indices of its `count` members
    ///   nearest the centroid, nearest first (smaller index first on ties).
    public static func nearestToCentroid(_ x: Matrix, labels: [Int], count: Int = 1) -> [(cluster: Int, members: [Int])] {
        precondition(labels.count == x.rows)
        var membersOf = [Int: [Int]]()
        for (i, label) in labels.enumerated() where label != -1 { membersOf[label, default: []].append(i) }
        return membersOf.keys.sorted().map { cluster in
            let members = membersOf[cluster]!
            let d = x.columns
            var centroid = [Double](repeating: 0, count: d)
            for i in members { for j in 0..<d { centroid[j] += Double(x[i, j]) } }
            for j in 0..<d { centroid[j] /= Double(members.count) }
            let distances = members.map { i in (0..<d).reduce(0.0) { $0 + pow(Double(x[i, $1]) - centroid[$1], 2) } }
            let order = members.indices.sorted { distances[$0] < distances[$1] || (distances[$0] == distances[$1] && members[$0] < members[$1]) }
            return (cluster, order.prefix(count).map { members[$0] })
        }
    }
}
