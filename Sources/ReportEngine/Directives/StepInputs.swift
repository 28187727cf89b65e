import Foundation

/// A reference from one step's option to another step's value: `input: pca.embedding`.
public struct InputReference: Sendable, Equatable {
    /// The option it was written in (`name[i]` for an element of a list option).
    public let option: String
    public let stepID: String
    /// Fields to follow in the referenced value; `[n]` picks an element (a row of a matrix).
    public let path: [String]
    public let accepts: [ValueKind]
    public let location: SourceLocation

    /// `pca.embedding`, `pca.components[0]`
    public var text: String { path.reduce(stepID) { $1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1 } }

    /// The path of the dotted parts after the step id, each a field name followed by any number of
    /// `[n]` indices (`components[0]` → `components`, `[0]`); nil when a part is malformed.
    static func path<Parts: Sequence<String>>(_ parts: Parts) -> [String]? {
        var path = [String]()
        for part in parts {
            guard let open = part.firstIndex(of: "[") else {
                path.append(part)
                continue
            }
            let name = String(part[..<open])
            guard !name.isEmpty else { return nil }
            path.append(name)
            var rest = part[open...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"), Int(rest[rest.index(after: rest.startIndex)..<close]) != nil else {
                    return nil
                }
                path.append(String(rest[...close]))
                rest = rest[rest.index(after: close)...]
            }
        }
        return path
    }

    /// The element index of a `[n]` path entry.
    static func index(_ entry: String) -> Int? {
        entry.hasPrefix("[") && entry.hasSuffix("]") ? Int(entry.dropFirst().dropLast()) : nil
    }
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
