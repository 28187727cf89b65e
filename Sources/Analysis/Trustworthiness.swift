import Dispatch
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
        let data = x.storage.map(Double.init), d = x.columns
        let penalties = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { penalties.deallocate() }
        let out = SendablePointer(penalties.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: min(n, 64)) { chunk in
            var distances = [Double](repeating: 0, count: n)
            var rank = [Int](repeating: 0, count: n)
            for i in stride(from: chunk, to: n, by: min(n, 64)) {
                for j in 0..<n {
                    var s = 0.0
                    for t in 0..<d { let diff = data[i * d + t] - data[j * d + t]; s += diff * diff }
                    distances[j] = j == i ? .infinity : s
                }
                let order = (0..<n).sorted { distances[$0] < distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
                for (position, j) in order.enumerated() { rank[j] = position + 1 }
                var penalty = 0.0
                for j in embedded.neighbors(of: i) where j != i { penalty += Double(max(0, rank[j] - k)) }
                out.pointer[i] = penalty
            }
        }
        let total = penalties.reduce(0, +)
        let (nn, kk) = (Double(n), Double(k))
        return 1 - 2 / (nn * kk * (2 * nn - 3 * kk - 1)) * total
    }
}
