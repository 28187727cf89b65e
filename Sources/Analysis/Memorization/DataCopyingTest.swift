import LinearAlgebra

/// The data-copying test C_T of Meehan et al. (2020) with dgm-eval's settings: the features projected on
/// 64 principal components of the training set (when wider), three k-means cells fitted on the training
/// set, and in each cell a Mann–Whitney U test of the generated items' distances to their nearest
/// training item of the cell against the held-out items' — generated items closer than held-out ones are
/// a sign of copying. Each cell's Z-score, weighted by its share of the held-out set, over the cells with
/// more than 20 generated items. Z well below 0 means copying; about 0, none.
public struct DataCopyingTest: Sendable {
    /// dgm-eval's settings.
    public static let components = 64
    public static let cellCount = 3
    public static let minimumGenerated = 20

    public struct Cell: Sendable, Equatable {
        public let training: Int
        public let heldout: Int
        public let generated: Int
        /// The generated sample's U: pairs (generated, held-out) with the generated item farther, ties ½.
        public let u: Double
        public let z: Double
        /// The cell's share of the held-out items.
        public let weight: Double
        /// Whether it holds more than `minimumGenerated` generated items.
        public var included: Bool { generated > DataCopyingTest.minimumGenerated }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case emptyCell(cell: Int, set: String)
        case tooFewTrainingItems(Int)
        case noCellQualifies
        case fit(String)

        public var description: String {
            switch self {
            case .emptyCell(let cell, let set): "k-means cell \(cell + 1) of 3 holds no \(set) item; C_T needs every cell filled"
            case .tooFewTrainingItems(let count):
                "C_T projects on \(DataCopyingTest.components) principal components of the training set, which needs at least \(DataCopyingTest.components) training items; there are \(count)"
            case .noCellQualifies:
                "no k-means cell holds more than \(DataCopyingTest.minimumGenerated) generated items; C_T needs more generated items"
            case .fit(let text): text
            }
        }
    }

    /// The weighted mean Z-score.
    public let value: Double
    public let cells: [Cell]

    public init(training: Matrix, heldout: Matrix, generated: Matrix, seed: UInt32) throws(Failure) {
        var (t, h, g) = (training, heldout, generated)
        guard training.columns <= Self.components || training.rows >= Self.components else { throw .tooFewTrainingItems(training.rows) }
        do {
            if training.columns > Self.components {
                let pca = try PCA(components: .count(Self.components)).fit(training)
                (t, h, g) = (try pca.transform(t), try pca.transform(h), try pca.transform(g))
            }
            let kmeans = try KMeans(clusterCount: Self.cellCount, initCount: 10, seed: seed).fit(t)
            let (tc, hc, gc) = (kmeans.labels, Self.cell(of: h, kmeans), Self.cell(of: g, kmeans))
            var cells = [Cell]()
            for c in 0..<Self.cellCount {
                let members = { (labels: [Int]) in labels.indices.filter { labels[$0] == c } }
                let (tm, hm, gm) = (members(tc), members(hc), members(gc))
                guard !tm.isEmpty else { throw Failure.emptyCell(cell: c, set: "training") }
                guard !hm.isEmpty else { throw Failure.emptyCell(cell: c, set: "held-out") }
                let cellTraining = FeatureRows(t.selectingRows(tm))
                let heldoutDistances = NearestTraining.nearest(of: FeatureRows(h.selectingRows(hm)), in: cellTraining).distance
                let generatedDistances = gm.isEmpty ? [] : NearestTraining.nearest(of: FeatureRows(g.selectingRows(gm)), in: cellTraining).distance
                cells.append(Self.cell(training: tm.count, heldout: heldoutDistances, generated: generatedDistances, heldoutTotal: h.rows))
            }
            let included = cells.filter(\.included)
            guard !included.isEmpty else { throw Failure.noCellQualifies }
            value = included.reduce(0) { $0 + $1.weight * $1.z } / included.reduce(0) { $0 + $1.weight }
            self.cells = cells
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .fit("\(error)")
        }
    }

    /// Each row's nearest k-means centre (the lower cell on a tie), as scikit-learn's `predict`.
    private static func cell(of x: Matrix, _ kmeans: KMeans.Fitted) -> [Int] {
        let d = kmeans.featureCount
        return (0..<x.rows).map { r in
            var best = 0
            var bestDistance = Double.infinity
            for c in 0..<kmeans.clusterCount {
                var sum = 0.0
                for f in 0..<d {
                    let e = Double(x[r, f]) - kmeans.centers[c * d + f]
                    sum += e * e
                }
                if sum < bestDistance { (best, bestDistance) = (c, sum) }
            }
            return best
        }
    }

    /// One cell's U and Z: U counts the pairs with the generated item farther (ties ½); Z as dgm-eval
    /// standardises it, (U − (nm/2 − ½)) / √(nm(n + m + 1)/12), without a tie correction.
    private static func cell(training: Int, heldout: [Double], generated: [Double], heldoutTotal: Int) -> Cell {
        let sorted = heldout.sorted()
        var u = 0.0
        for value in generated {
            let below = sorted.partitioningIndex(where: { $0 >= value })
            let through = sorted.partitioningIndex(where: { $0 > value })
            u += Double(below) + 0.5 * Double(through - below)
        }
        let (n, m) = (Double(heldout.count), Double(generated.count))
        let z = generated.isEmpty ? 0 : (u - (n * m / 2 - 0.5)) / (n * m * (n + m + 1) / 12).squareRoot()
        return Cell(
            training: training, heldout: heldout.count, generated: generated.count, u: u, z: z,
            weight: Double(heldout.count) / Double(heldoutTotal))
    }
}

extension Array where Element: Comparable {
    /// The first index whose element satisfies `belongs`, for a predicate false then true along the array.
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
