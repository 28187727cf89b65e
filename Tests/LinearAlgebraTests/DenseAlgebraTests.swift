import Foundation
import TestSupport
import Testing

@testable import LinearAlgebra

@Suite struct DenseAlgebraTests {
    @Test func floatProductMatchesNaiveSum() {
        let a = TestData.randomMatrix(rows: 7, columns: 5, seed: 1)
        let b = TestData.randomMatrix(rows: 5, columns: 3, seed: 2)
        let c = BLAS.multiply(a.storage, b.storage, m: 7, k: 5, n: 3)
        for i in 0..<7 {
            for j in 0..<3 {
                let naive = (0..<5).reduce(Float(0)) { $0 + a[i, $1] * b[$1, j] }
                #expect(abs(c[i * 3 + j] - naive) < 1e-5)
            }
        }
        let bt = Matrix(rowArrays: (0..<3).map { j in (0..<5).map { b[$0, j] } })
        #expect(BLAS.multiply(a.storage, bt.storage, m: 7, k: 5, n: 3, transposeB: true) == c)
    }

    @Test func gramMatricesMatchNaiveSums() {
        let a = TestData.randomMatrix(rows: 6, columns: 4, seed: 3).storage.map(Double.init)
        let columns = BLAS.gramOfColumns(a, rows: 6, columns: 4)
        let rows = BLAS.gramOfRows(a, rows: 6, columns: 4)
        for i in 0..<4 {
            for j in 0..<4 {
                let naive = (0..<6).reduce(0.0) { $0 + a[$1 * 4 + i] * a[$1 * 4 + j] }
                #expect(abs(columns[i * 4 + j] - naive) < 1e-12)
            }
        }
        for i in 0..<6 {
            for j in 0..<6 {
                let naive = (0..<4).reduce(0.0) { $0 + a[i * 4 + $1] * a[j * 4 + $1] }
                #expect(abs(rows[i * 6 + j] - naive) < 1e-12)
            }
        }
    }

    @Test func symmetricEigenpairsSatisfyTheDefinition() throws {
        let n = 9
        let x = TestData.randomMatrix(rows: 20, columns: n, seed: 4).storage.map(Double.init)
        let c = BLAS.gramOfColumns(x, rows: 20, columns: n)
        let eig = try SymmetricEigen(symmetric: c, n: n)
        #expect(zip(eig.values, eig.values.dropFirst()).allSatisfy { $0 >= $1 }, "descending")
        for k in 0..<n {
            let v = Array(eig.vectors[(k * n)..<((k + 1) * n)])
            #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12, "unit length")
            for i in 0..<n {
                let av = (0..<n).reduce(0.0) { $0 + c[i * n + $1] * v[$1] }
                #expect(abs(av - eig.values[k] * v[i]) < 1e-9 * max(1, abs(eig.values[0])))
            }
        }
        #expect(throws: SymmetricEigen.Failure.self) { try SymmetricEigen(symmetric: [1, 2, 3], n: 2) }
    }

    @Test func seededGeneratorIsReproducibleAndUniform() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let first = (0..<1000).map { _ in a.nextUnit() }
        #expect(first == (0..<1000).map { _ in b.nextUnit() })
        #expect(first != (0..<1000).map { _ in c.nextUnit() })
        #expect(first.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = first.reduce(0, +) / 1000
        #expect(abs(mean - 0.5) < 0.03)
    }

    @Test func matrixSelectionHelpers() {
        let m = Matrix(rowArrays: [[1, 2, 3], [4, 5, 6], [7, 8, .nan]])
        #expect(m.leadingColumns(2) == Matrix(rowArrays: [[1, 2], [4, 5], [7, 8]]))
        #expect(m.selectingRows([2, 0]).row(1).elementsEqual([1, 2, 3]))
        #expect(m.column(1) == [2, 5, 8])
        #expect(!m.isFinite)
        #expect(m.firstNonFinite! == (2, 2))
    }
}

@Suite struct DirectDistancesTests {
    @Test(arguments: [(1, 1), (7, 3), (19, 30), (33, 512)])
    func equalTheSequentialFormulaBitForBit(_ shape: (Int, Int)) {
        let (n, d) = shape
        let x = TestData.randomMatrix(rows: n, columns: d, seed: UInt64(n * 1000 + d))
        let distances = DirectDistances(x)
        let matrix = distances.matrix()
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for t in 0..<d {
                    let diff = Double(x[i, t]) - Double(x[j, t])
                    sum += diff * diff
                }
                #expect(matrix[i * n + j] == sum.squareRoot(), "(\(i), \(j))")
            }
        }
        // A sub-range starting inside a block.
        guard n > 3 else { return }
        var part = [Double](repeating: -1, count: n - 3)
        part.withUnsafeMutableBufferPointer { distances.distances(from: 1, to: 3..<n, into: $0.baseAddress!) }
        #expect(part == Array(matrix[(n + 3)..<(2 * n)]))
        // Every kernel version this CPU runs (AVX-512, AVX2, SSE2) gives those bits.
        for isa in VectorISA.runnable {
            var row = [Double](repeating: -1, count: n - 3)
            row.withUnsafeMutableBufferPointer { distances.distances(from: 1, to: 3..<n, into: $0.baseAddress!, isa: isa) }
            #expect(row == part, "\(isa)")
        }
    }
}

@Suite struct NearestNeighborsTests {
    /// Brute force in Double, the reference.
    private func naive(_ x: Matrix, k: Int, cosine: Bool) -> [[Int]] {
        let n = x.rows
        let d = x.columns
        func distance(_ i: Int, _ j: Int) -> Double {
            if i == j { return 0 }
            if cosine {
                var dot = 0.0
                var a = 0.0
                var b = 0.0
                for t in 0..<d {
                    dot += Double(x[i, t]) * Double(x[j, t])
                    a += Double(x[i, t] * x[i, t])
                    b += Double(x[j, t] * x[j, t])
                }
                return 1 - dot / (a.squareRoot() * b.squareRoot())
            }
            return (0..<d).reduce(0.0) { $0 + pow(Double(x[i, $1]) - Double(x[j, $1]), 2) }.squareRoot()
        }
        return (0..<n).map { i in Array((0..<n).sorted { (distance(i, $0), $0) < (distance(i, $1), $1) }.prefix(k)) }
    }

    @Test(arguments: [NearestNeighbors.Metric.euclidean, .cosine])
    func matchesBruteForce(_ metric: NearestNeighbors.Metric) {
        let x = TestData.randomMatrix(rows: 300, columns: 12, seed: 9)
        let graph = NearestNeighbors(metric: metric, blockRows: 64).graph(x, k: 10)
        let reference = naive(x, k: 10, cosine: metric == .cosine)
        var mismatches = 0
        for i in 0..<300 where Array(graph.neighbors(of: i)) != reference[i] { mismatches += 1 }
        // Float32 GEMM distances may swap near-ties; on random data that is rare.
        #expect(mismatches <= 3)
        #expect((0..<300).allSatisfy { graph.neighbors(of: $0).first == $0 && graph.distances(of: $0).first == 0 })
        #expect((0..<300).allSatisfy { i in zip(graph.distances(of: i), graph.distances(of: i).dropFirst()).allSatisfy { $0 <= $1 } })
    }

    @Test func smallestKeepsTheKBestInOrder() {
        let values: [(Float, Int)] = [(3, 0), (1, 1), (2, 2), (1, 3), (0.5, 4)]
        #expect(NearestNeighbors.smallest(values, k: 3).map(\.1) == [4, 1, 3])
    }
}
