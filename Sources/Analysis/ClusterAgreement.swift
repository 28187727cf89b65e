import Foundation

/// Agreement between two labelings of the same items, as scikit-learn's `adjusted_rand_score` and
/// `normalized_mutual_info_score` (arithmetic average) compute them (docs/algorithms.md, "Agreement and silhouette").
/// Label values are arbitrary; −1 is an ordinary label.
public struct ClusterAgreement: Sendable, Equatable {
    /// Contingency table of the two labelings (rows: distinct labels of `a` sorted, columns: of `b`).
    public let counts: [[Int]]
    public let total: Int

    public init<A: Hashable & Comparable, B: Hashable & Comparable>(_ a: [A], _ b: [B]) {
        precondition(a.count == b.count, "labelings differ in length")
        let rows = Array(Set(a)).sorted()
        let columns = Array(Set(b)).sorted()
        let rowIndex = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        let columnIndex = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: columns.count), count: rows.count)
        for (x, y) in zip(a, b) { counts[rowIndex[x]!][columnIndex[y]!] += 1 }
        self.counts = counts
        total = a.count
    }

    /// Adjusted Rand index in [−0.5, 1]; exactly 1 when the partitions are equal up to renaming.
    public var adjustedRandIndex: Double {
        let n = Int128(total)
        let sumSquares = Int128(counts.joined().reduce(0) { $0 + $1 * $1 })
        let rowSquares = Int128(counts.map { $0.reduce(0, +) }.reduce(0) { $0 + $1 * $1 })
        let columnSquares = Int128(columnSums.reduce(0) { $0 + $1 * $1 })
        let tp = sumSquares - n
        let fp = columnSquares - sumSquares
        let fn = rowSquares - sumSquares
        let tn = n * n - fp - fn - sumSquares
        if fn == 0 && fp == 0 { return 1 }
        let numerator = 2 * (tp * tn - fn * fp)
        let denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn)
        return Double(numerator) / Double(denominator)
    }

    /// Mutual information in nats (scikit-learn's `mutual_info_score`).
    public var mutualInformation: Double {
        let rowSums = counts.map { $0.reduce(0, +) }
        let columns = columnSums
        if rowSums.count == 1 || columns.count == 1 { return 0 }
        let n = Double(total)
        var mi = 0.0
        for (i, row) in counts.enumerated() {
            for (j, count) in row.enumerated() where count > 0 {
                let p = Double(count) / n
                let outer = Double(rowSums[i]) * Double(columns[j])
                var term = p * (log(Double(count)) - log(n)) + p * (-log(outer) + log(n) + log(n))
                if abs(term) < Double.ulpOfOne { term = 0 }
                mi += term
            }
        }
        return max(mi, 0)
    }

    /// Normalised mutual information with the arithmetic mean of the two entropies.
    public var normalizedMutualInformation: Double {
        let rowSums = counts.map { $0.reduce(0, +) }
        let columns = columnSums
        if (rowSums.count == 1 && columns.count == 1) || total == 0 { return 1 }
        let mi = mutualInformation
        if mi == 0 { return 0 }
        let normalizer = (Self.entropy(rowSums) + Self.entropy(columns)) / 2
        return mi / normalizer
    }

    private var columnSums: [Int] {
        guard let first = counts.first else { return [] }
        return (0..<first.count).map { j in counts.reduce(0) { $0 + $1[j] } }
    }

    private static func entropy(_ sizes: [Int]) -> Double {
        let total = Double(sizes.reduce(0, +))
        return -sizes.filter { $0 > 0 }.reduce(0.0) { $0 + (Double($1) / total) * (log(Double($1)) - log(total)) }
    }
}
