import Analysis
import Foundation
import LinearAlgebra
import ReportEngine

/// `utility`: whether generated images carry a label — a linear classifier of the label on the
/// features, trained on each `train` set and tested on each `test` set (train on synthetic, test on real:
/// TSTR, against TRTR), scikit-learn's `StandardScaler` + `LogisticRegression` computed natively
/// (docs/algorithms.md, "Do synthetic images carry the label?").
struct UtilityDirective: TypedDirective {
    let name = "utility"
    let summary =
        "Train a linear classifier of a label on each `train` feature set, test it on each `test` set (TSTR, TRTR, …): accuracy, balanced accuracy, per-class recall."
    let version = 1
    let output = OutputKind.table
    /// The folds of a set both trained and tested on.
    let isRandom = true

    static let label = InputOption.reference(
        "label", accepts: [.labels], required: true,
        doc: "the label to predict, joined by item id (e.g. `all.group` of a `combine` of every set); it must cover every item of every set")
    static let train = InputOption.references(
        "train", accepts: [.matrix], required: true, doc: "the feature sets to train on, e.g. [f-real, f-synthetic]")
    static let test = InputOption.references("test", accepts: [.matrix], required: true, doc: "the feature sets to test on")
    static let folds = Option<Int>(
        "folds", .int(2...100), default: 5,
        doc:
            "a set both trained and tested on is split into this many stratified, seeded folds; each is predicted by a classifier trained on the others"
    )
    static let c = Option<Double>("c", .number(1e-6...1e6), default: 1, doc: "the inverse L2 regularisation strength (scikit-learn's `C`)")

    var options: [OptionSpec] { OptionSpec.of([Self.label, Self.train, Self.test, Self.folds, Self.c]) }

    struct Result: DirectiveResult {
        var scores: Table
        var classes: [String]
        var label: String
        var notes: [String]

        static let primary: String? = "scores"
        static var fields: [ResultField<Result>] {
            [
                .init(
                    "scores", \.scores,
                    doc:
                        "a row per (train, test) pair: train, test, accuracy, balanced_accuracy, then `recall <class>` per class, n_train (k-fold: the training folds' mean size), n_test, split (`k-fold` or `held out`)"
                ),
                .init("classes", \.classes, doc: "the label's classes, sorted"),
                .init("label", \.label, doc: "the label's name"),
                .init("notes", \.notes, doc: "what the scores rest on: a class smaller than the folds, a class absent from a training set"),
            ]
        }

        init(reading r: ResultReader<Result>) throws(ResultError) {
            (scores, classes, label, notes) = (try r(\.scores), try r(\.classes), try r(\.label), try r(\.notes))
        }

        init(scores: Table, classes: [String], label: String, notes: [String]) {
            (self.scores, self.classes, self.label, self.notes) = (scores, classes, label, notes)
        }

        /// A score of the (train, test) row named as the template wrote them; nil when there is no such row.
        func score(_ column: String, train: String, test: String) -> Double? {
            guard case .strings(let trains)? = scores["train"], case .strings(let tests)? = scores["test"],
                let row = trains.indices.first(where: { trains[$0] == train && tests[$0] == test })
            else { return nil }
            return scores[column]?.numbers?[row]
        }
    }

    /// One feature set with its items' class indices.
    private struct LabelledSet {
        let ids: [String]
        let rows: FeatureRows
        let classes: [Int]
    }

    func compute(_ context: RunContext) throws -> Result {
        let o = context.options
        let labels = try context.labels(Self.label)
        let textOf = Dictionary((0..<labels.ids.count).map { (labels.ids[$0], labels.column.text(at: $0)) }, uniquingKeysWith: { a, _ in a })
        let (trainNames, testNames) = (o.writtenEach(Self.train), o.writtenEach(Self.test))
        let trainValues = context.values(Self.train)
        let testValues = context.values(Self.test)
        let named = zip(trainNames, trainValues).map { ($0, $1, Self.train.name) } + zip(testNames, testValues).map { ($0, $1, Self.test.name) }
        var matrices = [String: ItemMatrix]()
        for (name, value, option) in named where matrices[name] == nil {
            guard case .matrix(let m) = value.resolvingPrimary else { throw DirectiveError("`\(name)` is not a feature matrix", option: option) }
            let missing = m.ids.filter { textOf[$0] == nil }
            guard missing.isEmpty else {
                throw DirectiveError(
                    "the label `\(labels.name)` has no value for \(missing.count) of the \(m.ids.count) items of `\(name)` (e.g. `\(missing[0])`); "
                        + "give a label that covers every set, e.g. the `\(labels.name)` of a `combine` of all of them", option: Self.label.name)
            }
            try FeatureChecks.requireFinite(m, option: option, name: name)
            matrices[name] = m
        }
        let widths = Set(matrices.values.map(\.matrix.columns))
        guard widths.count == 1 else {
            throw DirectiveError(
                "the sets have different numbers of features ("
                    + matrices.keys.sorted().map { "`\($0)` \(matrices[$0]!.matrix.columns)" }.joined(separator: ", ")
                    + "); compare features of the same network and layer", option: Self.test.name)
        }
        let classNames = Self.sortedClasses(Set(matrices.values.flatMap { $0.ids.map { textOf[$0]! } }))
        let classIndex = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let sets = matrices.mapValues { m in
            LabelledSet(ids: m.ids, rows: FeatureRows(m.matrix), classes: m.ids.map { classIndex[textOf[$0]!]! })
        }

        var rows = [(train: String, test: String, scores: ClassificationScores, trainCount: Int, split: String)]()
        var notes = [String]()
        for trainName in trainNames {
            let training = sets[trainName]!
            for testName in testNames {
                let testing = sets[testName]!
                if trainName == testName {
                    let (scores, note) = try crossValidated(training, name: trainName, classNames: classNames, context: context)
                    if let note { notes.append(note) }
                    rows.append((trainName, testName, scores, training.ids.count * (o[Self.folds] - 1) / o[Self.folds], "\(o[Self.folds])-fold"))
                } else {
                    let predicted = try Self.fitAndPredict(
                        train: training.rows, classes: training.classes, test: testing.rows,
                        c: o[Self.c], trainedOn: "`\(trainName)`", classNames: classNames)
                    rows.append(
                        (
                            trainName, testName, ClassificationScores(truth: testing.classes, predicted: predicted, classCount: classNames.count),
                            training.ids.count, "held out"
                        ))
                }
            }
            let absent = Set(0..<classNames.count).subtracting(training.classes).sorted()
            if !absent.isEmpty {
                notes.append(
                    "`\(trainName)` has no item of " + absent.map { "`\(classNames[$0])`" }.joined(separator: ", ")
                        + ": its classifier never predicts it.")
            }
        }
        var columns: [Table.NamedColumn] = [
            .init("train", .strings(rows.map(\.train))), .init("test", .strings(rows.map(\.test))),
            .init("accuracy", .doubles(rows.map(\.scores.accuracy))), .init("balanced_accuracy", .doubles(rows.map(\.scores.balancedAccuracy))),
        ]
        for (c, name) in classNames.enumerated() {
            columns.append(.init("recall \(name)", .doubles(rows.map { $0.scores.recall[c] ?? .nan })))
        }
        columns += [
            .init("n_train", .ints(rows.map(\.trainCount))), .init("n_test", .ints(rows.map(\.scores.itemCount))),
            .init("split", .strings(rows.map(\.split))),
        ]
        return Result(scores: Table(columns), classes: classNames, label: labels.name, notes: notes)
    }

    /// Stratified seeded folds: each fold predicted by a classifier trained on the others, the predictions
    /// pooled and scored once.
    private func crossValidated(_ set: LabelledSet, name: String, classNames: [String], context: RunContext) throws -> (ClassificationScores, String?)
    {
        let k = context.options[Self.folds]
        let folds: StratifiedFolds
        do {
            folds = try StratifiedFolds(labels: set.classes, foldCount: k, seed: context.seed)
        } catch {
            throw DirectiveError("`\(name)` cannot be split into \(k) folds: \(error); give a smaller `folds`", option: Self.folds.name)
        }
        var predicted = [Int](repeating: 0, count: set.ids.count)
        for f in 0..<k {
            let (inside, outside) = (folds.items(in: f), folds.items(outside: f))
            let guesses = try Self.fitAndPredict(
                train: set.rows.selecting(outside), classes: outside.map { set.classes[$0] },
                test: set.rows.selecting(inside), c: context.options[Self.c],
                trainedOn: "`\(name)` without fold \(f + 1) of \(k)", classNames: classNames)
            for (item, guess) in zip(inside, guesses) { predicted[item] = guess }
        }
        let note =
            folds.hasClassSmallerThanFoldCount
            ? "`\(name)`: a class has \(folds.smallestClass) items, fewer than the \(k) folds; some folds have none of it." : nil
        return (ClassificationScores(truth: set.classes, predicted: predicted, classCount: classNames.count), note)
    }

    /// Standardised on the training items, L2 logistic regression on the classes the training set has;
    /// the test items' predicted classes (indices into `classNames`). `trainedOn` names the training items
    /// in errors ("`f-real` without fold 2 of 5").
    private static func fitAndPredict(
        train: FeatureRows, classes: [Int], test: FeatureRows, c: Double,
        trainedOn: String, classNames: [String]
    ) throws -> [Int] {
        let present = Array(Set(classes)).sorted()
        guard present.count >= 2 else {
            throw DirectiveError(
                "every training item of \(trainedOn) has the label `\(classNames[present[0]])`; a classifier needs items of at least two classes in each training set",
                option: Self.train.name)
        }
        let local = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
        let scaler = StandardScaler(fitting: train)
        do {
            let fitted = try LogisticRegression(inverseRegularization: c).fit(
                scaler.transform(train), labels: classes.map { local[$0]! }, classCount: present.count)
            return fitted.predict(scaler.transform(test)).map { present[$0] }
        } catch {
            throw DirectiveError("the classifier trained on \(trainedOn) failed: \(error)", option: Self.train.name)
        }
    }

    /// Numbers in numeric order ("2" before "10"), then texts, as scikit-learn sorts a label's classes.
    static func sortedClasses(_ names: Set<String>) -> [String] {
        names.sorted { a, b in
            switch (Double(a), Double(b)) {
            case (let x?, let y?): x == y ? a < b : x < y
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a < b
            }
        }
    }

    var methods: [MethodSpec] {
        [
            MethodSpec(
                "accuracy", arguments: ["train", "test"], returns: .optional(.number),
                doc:
                    "the accuracy of the classifier trained on one set and tested on another, by their names in quotes, e.g. accuracy(\"f-synthetic\", \"f-real\")"
            ),
            MethodSpec("balanced_accuracy", arguments: ["train", "test"], returns: .optional(.number), doc: "the same pair's balanced accuracy"),
        ]
    }

    func call(_ method: String, arguments: [Value], on value: Value) throws -> Value {
        guard let result = Result(value: value) else { throw DirectiveError("`\(method)` needs a `utility` result") }
        guard ["accuracy", "balanced_accuracy"].contains(method) else {
            throw DirectiveError("`utility` results have no function `\(method)`; available: " + methods.map(\.signature).joined(separator: ", "))
        }
        guard arguments.count == 2, case .string(let train) = arguments[0], case .string(let test) = arguments[1] else {
            throw DirectiveError("`\(method)(train, test)` takes two set names in quotes, as `train` and `test` name them")
        }
        return result.score(method, train: train, test: test).map(Value.double) ?? .null
    }

    func present(_ r: Result, _ context: PresentContext) throws -> Presentation {
        Presentation(.table(r.scores, digits: 3))
    }
}
