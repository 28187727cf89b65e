/// Why a PCA could not be fitted or applied.
public enum PCAError: Error, Equatable, CustomStringConvertible {
    case tooFewSamples(Int)
    case noFeatures
    case nonFinite(row: Int, column: Int)
    case tooManyComponents(requested: Int, available: Int)
    case invalidFraction(Double)
    case featureMismatch(expected: Int, got: Int)
    case solverFailed(String)

    public var description: String {
        switch self {
        case .tooFewSamples(let n):
            "PCA needs at least 2 samples, got \(n)"
        case .noFeatures:
            "PCA needs at least one feature column"
        case .nonFinite(let row, let column):
            "the input has a NaN or infinite value at row \(row), column \(column); remove or impute it first"
        case .tooManyComponents(let requested, let available):
            "n_components = \(requested) but only \(available) are available (min(samples, features)); use 1…\(available)"
        case .invalidFraction(let f):
            "a fractional n_components must lie strictly between 0 and 1, got \(f)"
        case .featureMismatch(let expected, let got):
            "the PCA was fitted on \(expected) features but the data to transform have \(got)"
        case .solverFailed(let why):
            "PCA failed: \(why)"
        }
    }
}
