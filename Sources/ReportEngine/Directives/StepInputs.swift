import Foundation

/// A reference from one step's option to another step's value: `input: pca.embedding`.
public struct InputReference: Sendable, Equatable {
    /// The option it was written in (`name[i]` for an element of a list option).
    public let option: String
    public let stepID: String
    /// Fields to follow in the referenced value.
    public let path: [String]
    public let accepts: [ValueKind]
    public let location: SourceLocation

    /// `pca.embedding`
    public var text: String { ([stepID] + path).joined(separator: ".") }
}

/// An input folder named in an option.
public struct FolderInput: Sendable, Equatable {
    public let option: String
    public let path: String
    public let url: URL
    public let location: SourceLocation
}

/// An input file named in an option.
public struct FileInput: Sendable, Equatable {
    public let option: String
    /// As written in the template.
    public let path: String
    public let url: URL
    public let location: SourceLocation
}
