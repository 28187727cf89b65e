import LinearAlgebra

/// k folds of n labelled items for cross-validation, stratified as scikit-learn's `StratifiedKFold`: each
/// fold holds the same number of items of each class as scikit-learn's folds. That allocation does not
/// depend on shuffling: classes numbered by first appearance, the labels sorted by that number, fold i gets
/// the classes of sorted items i, i + k, i + 2k, …. Which items of a class go to which fold is a seeded
/// shuffle (SeededGenerator, not NumPy's stream: the counts match scikit-learn, the items do not).
public struct StratifiedFolds: Sendable, Equatable {
    public let foldCount: Int
    /// Per item, its fold in 0 ..< `foldCount` (the fold whose test part holds it).
    public let fold: [Int]
    /// Items of the least populated class. Below `foldCount` some folds lack that class: scikit-learn
    /// warns then, and a caller should say so.
    public let smallestClass: Int

    public var hasClassSmallerThanFoldCount: Bool { smallestClass < foldCount }

    /// - Complexity: O(n + k·classes).
    public init<Label: Hashable>(labels: [Label], foldCount: Int, seed: UInt64) throws(Failure) {
        guard foldCount >= 2 else { throw .tooFewFolds(foldCount) }
        guard foldCount <= labels.count else { throw .tooManyFolds(folds: foldCount, items: labels.count) }
        let classOf = Self.classesByFirstAppearance(labels)
        let classCount = (classOf.max() ?? -1) + 1
        var sizes = [Int](repeating: 0, count: classCount)
        for c in classOf { sizes[c] += 1 }
        guard sizes.contains(where: { $0 >= foldCount }) else {
            throw .everyClassSmallerThanFoldCount(folds: foldCount, largestClass: sizes.max() ?? 0)
        }
        var random = SeededGenerator(seed: seed)
        let allocation = Self.allocation(sizes: sizes, foldCount: foldCount)
        var slots = [[Int]](repeating: [], count: classCount)  // per class, the fold of each of its items in order
        for c in 0..<classCount {
            slots[c] = (0..<foldCount).flatMap { f in [Int](repeating: f, count: allocation[f][c]) }
            Self.shuffle(&slots[c], &random)
        }
        var next = [Int](repeating: 0, count: classCount)
        fold = classOf.map { c in
            defer { next[c] += 1 }
            return slots[c][next[c]]
        }
        self.foldCount = foldCount
        smallestClass = sizes.min() ?? 0
    }

    /// The items of fold `f` (its test part), ascending.
    public func items(in f: Int) -> [Int] { fold.indices.filter { fold[$0] == f } }

    /// The items of every other fold (fold `f`'s training part), ascending.
    public func items(outside f: Int) -> [Int] { fold.indices.filter { fold[$0] != f } }

    /// Per fold, its count of each class: round robin over the labels sorted by class (scikit-learn's
    /// `bincount(y_sorted[i::k])`), `foldCount` rows of `sizes.count`.
    static func allocation(sizes: [Int], foldCount: Int) -> [[Int]] {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: sizes.count), count: foldCount)
        var position = 0
        for (c, size) in sizes.enumerated() {
            for _ in 0..<size {
                counts[position % foldCount][c] += 1
                position += 1
            }
        }
        return counts
    }

    /// Each label's class number, classes numbered in the order they first appear (scikit-learn's encoding).
    private static func classesByFirstAppearance<Label: Hashable>(_ labels: [Label]) -> [Int] {
        var number = [Label: Int]()
        return labels.map { label in
            if let c = number[label] { return c }
            number[label] = number.count
            return number.count - 1
        }
    }

    /// Fisher–Yates from the last element down, each draw unbiased (rejection below 2⁶⁴ mod bound).
    private static func shuffle(_ a: inout [Int], _ random: inout SeededGenerator) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let bound = UInt64(i + 1)
            let threshold = (0 &- bound) % bound
            var draw = random.next()
            while draw < threshold { draw = random.next() }
            a.swapAt(i, Int(draw % bound))
        }
    }

    /// Why the folds could not be made.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case tooFewFolds(Int)
        case tooManyFolds(folds: Int, items: Int)
        case everyClassSmallerThanFoldCount(folds: Int, largestClass: Int)

        public var description: String {
            switch self {
            case .tooFewFolds(let k):
                "cross-validation needs at least 2 folds, got \(k)"
            case .tooManyFolds(let k, let n):
                "\(k) folds but only \(n) items; use at most \(n) folds"
            case .everyClassSmallerThanFoldCount(let k, let largest):
                "\(k) folds but the largest class has \(largest) items; use at most \(largest) folds"
            }
        }
    }
}
