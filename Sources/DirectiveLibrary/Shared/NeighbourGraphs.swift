import Analysis
import LinearAlgebra
import ReportEngine

/// UMAP's neighbour graph (k-NN, fuzzy set, pruning) as a cached intermediate of its own: keyed by the
/// value it is built from and the settings it depends on (`UMAP.graphSettings`), not by the step, seed or
/// dimension, so the `umap` steps on one input, every seed of `stability`, every dimension and shard of
/// `agreement_sweep` build it once between them.
enum NeighbourGraphs {
    /// What the key's kind says the entry holds.
    static let kind = "umap neighbour graph"

    /// The prepared graph of `x`, the value `input` names: from the cache when there, else built and stored.
    static func prepared(_ settings: UMAP, _ x: Matrix, of input: InputOption, _ context: RunContext) throws(UMAPError) -> UMAP.PreparedGraph {
        func build() throws(UMAPError) -> UMAP.PreparedGraph {
            let prepared = try settings.prepare(x)
            context.log(
                "#\(context.stepID): built the neighbour graph of `\(context.options.written(input) ?? input.name)` (n_neighbors \(settings.neighbors))"
            )
            return prepared
        }
        guard let cache = context.cache, let key = context.sharedKey(kind, of: input, settings: settings.graphSettings) else { return try build() }
        var built: UMAP.PreparedGraph?
        let (files, _) = try cache.files(for: key) { () throws(UMAPError) in
            let prepared = try build()
            built = prepared
            return prepared.files
        }
        // A stored entry that does not read as a graph of this input is rebuilt, never laid out.
        if let prepared = built ?? UMAP.PreparedGraph(files: files, samples: x.rows) { return prepared }
        return try build()
    }
}
