/// How well predicted classes match true ones, as scikit-learn's `accuracy_score`, `recall_score(average=None)`
/// and `balanced_accuracy_score` compute them, from the confusion counts.
public struct ClassificationScores: Sendable, Equatable {
    public let classCount: Int
    /// Row-major `classCount × classCount`: items of true class t predicted as p at t·K + p.
    public let confusion: [Int]

    /// - Precondition: as many predictions as true classes, at least one, every index in 0 ..< `classCount`.
    public init(truth: [Int], predicted: [Int], classCount: Int) {
        precondition(truth.count == predicted.count && !truth.isEmpty, "\(predicted.count) predictions for \(truth.count) items")
        precondition((truth + predicted).allSatisfy { (0..<classCount).contains($0) }, "a class index outside 0 ..< \(classCount)")
        var confusion = [Int](repeating: 0, count: classCount * classCount)
        for (t, p) in zip(truth, predicted) { confusion[t * classCount + p] += 1 }
        (self.classCount, self.confusion) = (classCount, confusion)
    }

    public var itemCount: Int { confusion.reduce(0, +) }

    public var correctCount: Int { (0..<classCount).reduce(0) { $0 + confusion[$1 * classCount + $1] } }

    /// Per class, its items in the truth.
    public var support: [Int] {
        (0..<classCount).map { t in confusion[(t * classCount)..<((t + 1) * classCount)].reduce(0, +) }
    }

    /// The share of items predicted correctly.
    public var accuracy: Double { Double(correctCount) / Double(itemCount) }

    /// Per class, the share of its items predicted as it; nil for a class absent from the truth.
    public var recall: [Double?] {
        zip(0..<classCount, support).map { c, n in n == 0 ? nil : Double(confusion[c * classCount + c]) / Double(n) }
    }

    /// The mean recall over the classes present in the truth (a class only predicted does not count), so
    /// that a constant prediction scores 1/classes whatever the class balance.
    public var balancedAccuracy: Double {
        let present = recall.compactMap { $0 }
        return present.reduce(0, +) / Double(present.count)
    }
}
