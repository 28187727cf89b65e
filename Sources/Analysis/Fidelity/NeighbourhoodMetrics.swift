import LinearAlgebra

/// The nearest-neighbour metrics of a generated set against a real one, per item and in total:
/// precision, recall (Kynkäänniemi et al. 2019), density, coverage (Naeem et al. 2020) exactly as
/// `prdc.compute_prdc(real, fake, nearest_k: k)`; each generated item's realism score as the official code
/// of Kynkäänniemi et al. computes it (with its own 3 neighbours); and the leave-one-out 1-nearest-neighbour two-sample accuracy
/// (Lopez-Paz & Oquab 2017) over the union (docs/algorithms.md, "Nearest-neighbour metrics").
///
/// The radius of an item is the distance to its k-th nearest other item of its own set; every test is
/// strict `<`, as prdc's.
/// - Complexity: O((n_r + n_f)²·d) in GEMM (four passes of blocked distances); O(n_r + n_f) memory
///   beyond one block per core.
public struct NeighbourhoodMetrics: Sendable {
    /// The realism score's neighbourhood: Kynkäänniemi et al.'s code builds its realism estimator with
    /// its default `nhood_sizes=[3]`, whatever k the other metrics use (fewer for a set of 3 items or less).
    public static let realismNeighbours = 3

    public let k: Int
    /// Per generated item: whether it lies within some real item's radius (precision's term).
    public let inRealManifold: [Bool]
    /// Per generated item: how many real radii it lies within (density's term, before dividing by k).
    public let realRadiiContaining: [Int]
    /// Per generated item: its realism score.
    public let realism: [Double]
    /// Per real item: whether it lies within some generated item's radius (recall's term).
    public let inGeneratedManifold: [Bool]
    /// Per real item: whether its nearest generated item lies within its own radius (coverage's term).
    public let covered: [Bool]
    /// Per item of the union (the real items, then the generated): whether its nearest other item is of
    /// its own set.
    public let nearestOfOwnSet: [Bool]
    /// Per item of the union: the union index of its nearest other item (the lower index on a tie).
    public let nearestIndex: [Int]

    public var precision: Double { Self.share(inRealManifold) }
    public var recall: Double { Self.share(inGeneratedManifold) }
    public var density: Double {
        Double(realRadiiContaining.reduce(0, +)) / Double(k * max(realRadiiContaining.count, 1))
    }
    public var coverage: Double { Self.share(covered) }
    /// The 1-NN two-sample accuracy: 0.5 when the sets cannot be told apart, 1 when they separate.
    public var nearestNeighbourAccuracy: Double { Self.share(nearestOfOwnSet) }

    /// - Precondition: each set has more than k items; equal widths.
    public init(real: FeatureRows, generated: FeatureRows, k: Int) {
        self.init(
            real: real, generated: generated, k: k,
            products: UnionGram.fits(real.count + generated.count) ? UnionGram(real, generated) : nil)
    }

    /// With `products`, the union's dot products (real items first), distances are read rather than multiplied.
    init(real: FeatureRows, generated: FeatureRows, k: Int, products: UnionGram?) {
        precondition(k >= 1 && real.count > k && generated.count > k && real.width == generated.width)
        self.k = k
        let nr = real.count
        let nf = generated.count
        func stored(_ rowOffset: Int, _ columnOffset: Int) -> (gram: UnionGram, rowOffset: Int, columnOffset: Int)? {
            products.map { ($0, rowOffset, columnOffset) }
        }
        let realismK = min(Self.realismNeighbours, nr - 1)
        let realOwn = Self.ownSet(real, k: k, alsoRank: realismK, stored: stored(0, 0))
        let generatedOwn = Self.ownSet(generated, k: k, alsoRank: realismK, stored: stored(nr, nr))
        // Realism (Kynkäänniemi et al.'s code): its own neighbourhood size, squared radii above their median set to 0.
        let median = SampleSummary(realOwn.squaredOtherRadius)!.percentile(50)
        let clamped = realOwn.squaredOtherRadius.map { $0 > median ? 0 : $0 }

        // Generated rows against the real set: precision, density, realism, the nearest real item.
        var inside = [Bool](repeating: false, count: nf)
        var containing = [Int](repeating: 0, count: nf)
        var realism = [Double](repeating: 0, count: nf)
        var nearestReal = [Nearest](repeating: .none, count: nf)
        inside.withUnsafeMutableBufferPointer { insideOut in
            containing.withUnsafeMutableBufferPointer { countOut in
                realism.withUnsafeMutableBufferPointer { realismOut in
                    nearestReal.withUnsafeMutableBufferPointer { nearestOut in
                        let (insideP, countP, realismP, nearestP) = (
                            SendablePointer(insideOut.baseAddress!), SendablePointer(countOut.baseAddress!),
                            SendablePointer(realismOut.baseAddress!), SendablePointer(nearestOut.baseAddress!)
                        )
                        PairwiseScan(rows: generated, columns: real, sameSet: false, stored: stored(nr, 0)).forEachRow { j, squared, distances in
                            var count = 0
                            var best = 0.0
                            var nearest = Nearest.none
                            for i in 0..<nr {
                                if distances[i] < realOwn.radius[i] { count += 1 }
                                best = max(best, clamped[i] / (squared[i] + 1e-5))
                                nearest.offer(distances[i], i)
                            }
                            (insideP.pointer[j], countP.pointer[j], realismP.pointer[j], nearestP.pointer[j]) = (count > 0, count, best, nearest)
                        }
                    }
                }
            }
        }

        // Real rows against the generated set: recall, coverage, the nearest generated item.
        var inGenerated = [Bool](repeating: false, count: nr)
        var covered = [Bool](repeating: false, count: nr)
        var nearestGenerated = [Nearest](repeating: .none, count: nr)
        inGenerated.withUnsafeMutableBufferPointer { recallOut in
            covered.withUnsafeMutableBufferPointer { coveredOut in
                nearestGenerated.withUnsafeMutableBufferPointer { nearestOut in
                    let (recallP, coveredP, nearestP) = (
                        SendablePointer(recallOut.baseAddress!), SendablePointer(coveredOut.baseAddress!),
                        SendablePointer(nearestOut.baseAddress!)
                    )
                    PairwiseScan(rows: real, columns: generated, sameSet: false, stored: stored(0, nr)).forEachRow { i, _, distances in
                        var any = false
                        var nearest = Nearest.none
                        for j in 0..<nf {
                            if !any && distances[j] < generatedOwn.radius[j] { any = true }
                            nearest.offer(distances[j], j)
                        }
                        (recallP.pointer[i], coveredP.pointer[i], nearestP.pointer[i]) = (any, nearest.distance < realOwn.radius[i], nearest)
                    }
                }
            }
        }

        (inRealManifold, realRadiiContaining, self.realism) = (inside, containing, realism)
        (inGeneratedManifold, self.covered) = (inGenerated, covered)
        // The union's nearest neighbours: the nearer of the own set's and the other set's; on a tie the
        // lower union index, which is the real item's.
        var own = [Bool]()
        var index = [Int]()
        for i in 0..<nr {
            let realWins = realOwn.nearest[i].distance <= nearestGenerated[i].distance
            own.append(realWins)
            index.append(realWins ? realOwn.nearest[i].index : nr + nearestGenerated[i].index)
        }
        for j in 0..<nf {
            let realWins = nearestReal[j].distance <= generatedOwn.nearest[j].distance
            own.append(!realWins)
            index.append(realWins ? nearestReal[j].index : nr + generatedOwn.nearest[j].index)
        }
        (nearestOfOwnSet, nearestIndex) = (own, index)
    }

    /// The 1-NN accuracy's one-sided p-value under the null of one distribution: the share of random
    /// relabellings of the union (the neighbours fixed, as they do not depend on the labels) whose accuracy
    /// reaches the observed one, (1 + count) / (1 + permutations).
    public func permutationPValue(permutations: Int, seed: UInt64) -> Double {
        let nr = inGeneratedManifold.count
        let n = nearestIndex.count
        let observed = nearestOfOwnSet.reduce(0) { $0 + ($1 ? 1 : 0) }
        let neighbours = nearestIndex
        let reached = Parallel.map(permutations, workers: Parallel.cores) { p -> Bool in
            var generator = Subsets.generator(seed: seed, purpose: .permutations, stream: UInt64(p))
            let order = Subsets.distinct(n, of: n, using: &generator)
            // order[u] is the position item u takes; positions below nr are labelled real.
            var same = 0
            for u in 0..<n where (order[u] < nr) == (order[neighbours[u]] < nr) { same += 1 }
            return same >= observed
        }
        return Double(1 + reached.filter { $0 }.count) / Double(1 + permutations)
    }

    private static func share(_ flags: [Bool]) -> Double {
        Double(flags.reduce(0) { $0 + ($1 ? 1 : 0) }) / Double(max(flags.count, 1))
    }

    /// The nearest item seen so far: the smaller distance, the lower index on a tie.
    struct Nearest: Sendable {
        var distance: Double
        var index: Int
        static let none = Nearest(distance: .infinity, index: -1)
        mutating func offer(_ d: Double, _ i: Int) { if d < distance { (distance, index) = (d, i) } }
    }

    /// Within one set: each item's radius (the distance to its k-th nearest other item) and nearest other item.
    /// Within one set: each item's radius (the distance to its k-th nearest other item), the squared
    /// distance to its `alsoRank`-th nearest other item, and its nearest other item.
    private static func ownSet(_ rows: FeatureRows, k: Int, alsoRank: Int, stored: (gram: UnionGram, rowOffset: Int, columnOffset: Int)?)
        -> (radius: [Double], squaredOtherRadius: [Double], nearest: [Nearest])
    {
        let n = rows.count
        let kept = max(k, alsoRank) + 1
        var radius = [Double](repeating: 0, count: n)
        var other = radius
        var nearest = [Nearest](repeating: .none, count: n)
        radius.withUnsafeMutableBufferPointer { r in
            other.withUnsafeMutableBufferPointer { o in
                nearest.withUnsafeMutableBufferPointer { nn in
                    let (rP, oP, nP) = (SendablePointer(r.baseAddress!), SendablePointer(o.baseAddress!), SendablePointer(nn.baseAddress!))
                    PairwiseScan(rows: rows, columns: rows, sameSet: true, stored: stored).forEachRow { i, squared, distances in
                        // The smallest squared distances, the item's own 0 among them: the k + 1-th is prdc's radius.
                        var smallest = [Double](repeating: .infinity, count: kept)
                        var near = Nearest.none
                        for j in 0..<n {
                            let v = squared[j]
                            if v < smallest[kept - 1] {
                                var p = kept - 1
                                while p > 0 && smallest[p - 1] > v {
                                    smallest[p] = smallest[p - 1]
                                    p -= 1
                                }
                                smallest[p] = v
                            }
                            if j != i { near.offer(distances[j], j) }
                        }
                        (rP.pointer[i], oP.pointer[i], nP.pointer[i]) = (smallest[k].squareRoot(), smallest[alsoRank], near)
                    }
                }
            }
        }
        return (radius, other, nearest)
    }
}
