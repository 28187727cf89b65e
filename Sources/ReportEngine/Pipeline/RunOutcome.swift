import Plotting

/// What running a plan produced: every step's value and key, what came from the cache, and the
/// presentations ready to be written.
public struct RunOutcome: Sendable {
    public let values: [String: Value]
    public let keys: [String: String]
    /// What each key is made of, by name (for `litmus status`).
    public let keyParts: [String: KeyParts]
    /// Content hashes of the input files and folders (a folder's path ends in `/`), by absolute path.
    public let inputFiles: [(path: String, hash: String)]
    /// Each input folder's files (path inside it → content hash), by the folder's absolute path.
    public let inputFolderFiles: [String: [String: String]]
    public let records: [StepRecord]
    /// Presentations of shown or file-writing steps, by step id.
    public let presentations: [String: PresentedStep]
    /// The run's phases: hashing, steps, waiting, presenting.
    public let phases: RenderPhases
}

/// How one step went: computed or taken from the cache, and how long it took.
public struct StepRecord: Sendable, Equatable {
    public let id: String
    public let directive: String
    public let key: String
    public let cached: Bool
    public let seconds: Double
    /// For figures: whether the drawing came from the cache.
    public var figureCached: Bool?
}

/// A step's presentation with its figure drawn.
public struct PresentedStep: Sendable {
    public enum Block: Sendable {
        case markdown(String)
        case table(Table, digits: Int?)
        case figure(RenderedFigure, dpi: Double)
    }

    public let block: Block?
    public let files: [Presentation.DataFile]
}
