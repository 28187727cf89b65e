import LinearAlgebra

/// How well an embedding keeps neighbourhoods: scikit-learn's `trustworthiness` (Venna & Kaski),
/// 1 − 2/(n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Nₖ(i) in the embedding} max(0, rank of j from i in the input − k).
public enum Trustworthiness {
    /// - Precondition: k < n / 2, as scikit-learn requires.
    /// - Complexity: O(n² log n).
    public static func score(input x: Matrix, embedding y: Matrix, k: Int = 5) -> Double {
        let n = x.rows
        precondition(k < n / 2 && y.rows == n, "trustworthiness needs k < n/2 and one embedded point per input point")
        let embedded = NearestNeighbors().graph(y, k: k + 1)
        let distances = DirectDistances(x)
        let penalties = Parallel.map(n, makeScratch: { ([Double](repeating: 0, count: n), [Int](repeating: 0, count: n)) }) { i, scratch in
            scratch.0.withUnsafeMutableBufferPointer { distances.distances(from: i, to: 0..<n, into: $0.baseAddress!) }
            scratch.0[i] = .infinity
            let row = scratch.0
            let order = (0..<n).sorted { row[$0] < row[$1] || (row[$0] == row[$1] && $0 < $1) }
            for (position, j) in order.enumerated() { scratch.1[j] = position + 1 }
            var penalty = 0.0
            for j in embedded.neighbors(of: i) where j != i { penalty += Double(max(0, scratch.1[j] - k)) }
            return penalty
        }
        let total = penalties.reduce(0, +)
        let (nn, kk) = (Double(n), Double(k))
        return 1 - 2 / (nn * kk * (2 * nn - 3 * kk - 1)) * total
    }
}
