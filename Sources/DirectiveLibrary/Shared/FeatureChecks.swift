import LinearAlgebra
import ReportEngine

/// What every directive that reads feature matrices refuses, in the same words.
enum FeatureChecks {
    /// The error for a NaN or infinity at (row, column) of `items`, naming the item and the feature; the
    /// set is called `name` (the step it came from), else by its option.
    static func nonFinite(_ items: ItemMatrix, row: Int, column: Int, option: String, name: String? = nil) -> DirectiveError {
        DirectiveError(
            "`\(name ?? option)` item `\(items.ids[row])` has a non-finite value (NaN or infinity) in feature \(column + 1); recompute its features or leave it out",
            option: option)
    }

    /// Throws `nonFinite` for the first NaN or infinity in `items`.
    static func requireFinite(_ items: ItemMatrix, option: String, name: String? = nil) throws(DirectiveError) {
        if let (row, column) = items.matrix.firstNonFinite { throw nonFinite(items, row: row, column: column, option: option, name: name) }
    }
}
