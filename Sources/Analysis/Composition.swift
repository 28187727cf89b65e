/// How clusters are made up of the values of another label (source, KL grade, health group).
public struct Composition: Sendable, Equatable {
    public let clusters: [Int]
    public let categories: [String]
    /// counts[c][k]: items of cluster `clusters[c]` with category `categories[k]`.
    public let counts: [[Int]]

    /// - Parameters: `clusters` and `categories` per item, same order.
    public init(clusters clusterLabels: [Int], categories categoryLabels: [String]) {
        precondition(clusterLabels.count == categoryLabels.count)
        clusters = Array(Set(clusterLabels)).sorted()
        categories = Array(Set(categoryLabels)).sorted()
        let clusterIndex = Dictionary(uniqueKeysWithValues: clusters.enumerated().map { ($1, $0) })
        let categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: categories.count), count: clusters.count)
        for (c, k) in zip(clusterLabels, categoryLabels) { counts[clusterIndex[c]!][categoryIndex[k]!] += 1 }
        self.counts = counts
    }

    public func size(ofRow row: Int) -> Int { counts[row].reduce(0, +) }

    /// The category most items of each cluster have (first in sorted order on ties).
    public func majority(ofRow row: Int) -> String {
        let best = counts[row].indices.max { counts[row][$0] < counts[row][$1] || (counts[row][$0] == counts[row][$1] && $0 > $1) }!
        return categories[best]
    }

    /// Share of items whose category is their cluster's majority category — how well the clusters
    /// separate the categories. Noise (−1) is left out unless `includeNoise`.
    public func majorityAccuracy(includeNoise: Bool = false) -> Double {
        var correct = 0
        var total = 0
        for (row, cluster) in clusters.enumerated() where includeNoise || cluster != -1 {
            correct += counts[row].max() ?? 0
            total += size(ofRow: row)
        }
        return total == 0 ? 0 : Double(correct) / Double(total)
    }
}
