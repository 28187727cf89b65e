import Foundation
import LinearAlgebra

extension UMAP {
    /// Bumped when what `prepare` computes changes (the neighbour search, the fuzzy set, the pruning), so
    /// that graphs stored by an older Litmus are not read.
    public static let graphVersion = 1

    /// Everything `prepare` depends on besides the input matrix, by name: two settings that agree here
    /// give the same graph for the same input (the seed, the components and the layout's options do not
    /// enter it).
    public var graphSettings: [String: String] {
        [
            "version": String(Self.graphVersion), "neighbors": String(neighbors), "metric": metric.rawValue,
            "local_connectivity": String(localConnectivity), "set_op_mix_ratio": String(setOpMixRatio),
            "epochs": epochs.map(String.init) ?? "default",
        ]
    }
}

extension UMAP.PreparedGraph {
    /// The graph as NPY files, for a cache: row starts, columns, weights, and (epochs, samples).
    public var files: [String: Data] {
        [
            "row_start.npy": NPYCodec.encode(NPYArray(shape: [graph.rowStart.count], elements: .int64(graph.rowStart))),
            "columns.npy": NPYCodec.encode(NPYArray(shape: [graph.columns.count], elements: .int64(graph.columns))),
            "weights.npy": NPYCodec.encode(NPYArray(shape: [graph.weights.count], elements: .float32(graph.weights))),
            "sizes.npy": NPYCodec.encode(NPYArray(shape: [2], elements: .int64([epochs, samples]))),
        ]
    }

    /// The graph stored as `files` for an input of `samples` rows; nil when anything in them does not fit
    /// (a damaged or foreign entry is recomputed, never laid out).
    public init?(files: [String: Data], samples expected: Int) {
        func array(_ name: String) -> NPYArray? { files[name].flatMap { try? NPYCodec.decode($0) } }
        guard case .int64(let sizes)? = array("sizes.npy")?.elements, sizes.count == 2, sizes[0] >= 1, sizes[1] == expected,
            case .int64(let rowStart)? = array("row_start.npy")?.elements,
            case .int64(let columns)? = array("columns.npy")?.elements,
            case .float32(let weights)? = array("weights.npy")?.elements,
            let graph = SparseGraph(count: expected, rowStart: rowStart, columns: columns, weights: weights)
        else { return nil }
        self.init(graph: graph, epochs: sizes[0], samples: expected)
    }
}

extension SparseGraph {
    /// From compressed rows read from a file: nil unless the row starts rise from 0 to the entry count,
    /// every column is a vertex, and every weight is finite and not negative.
    init?(count: Int, rowStart: [Int], columns: [Int], weights: [Float]) {
        guard count >= 0, rowStart.count == count + 1, rowStart.first == 0, rowStart.last == columns.count,
            weights.count == columns.count, zip(rowStart, rowStart.dropFirst()).allSatisfy({ $0 <= $1 }),
            columns.allSatisfy({ (0..<count).contains($0) }), weights.allSatisfy({ $0.isFinite && $0 >= 0 })
        else { return nil }
        (self.count, self.rowStart, self.columns, self.weights) = (count, rowStart, columns, weights)
    }
}
