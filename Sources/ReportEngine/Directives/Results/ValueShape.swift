/// What a value will look like before it exists: enough for `litmus check` to follow a path
/// (`pca.summary.explained_variance_ratio[0]`) and to know the kind it reaches.
public indirect enum ValueShape: Sendable, Equatable {
    case number, string, bool
    case matrix, labels
    case list(ValueShape)
    /// A table; `columns` nil when they are known only once it runs (a composition's categories).
    case table(columns: [String]?)
    /// Named fields; `others` is the shape of fields named only at run time (a dataset's label columns).
    case record(fields: [FieldShape], primary: String?, others: ValueShape?)
    /// The field may be null (`kmeans.elbow` when the curve has none).
    case optional(ValueShape)
    /// Known only once it runs (a loaded file).
    case unknown
    /// The directive gives no value (figures and tables are its output).
    case nothing

    /// A field of a record shape.
    public struct FieldShape: Sendable, Equatable {
        public let name: String
        public let shape: ValueShape
        public let doc: String
        public init(_ name: String, _ shape: ValueShape, doc: String) { (self.name, self.shape, self.doc) = (name, shape, doc) }
    }

    /// The kinds a value of this shape may have (a record may stand for its primary field, see `resolvingPrimary`).
    public var kinds: [ValueKind]? {
        switch self {
        case .number: [.number]
        case .string: [.string]
        case .bool: [.bool]
        case .matrix: [.matrix]
        case .labels: [.labels]
        case .list: [.list]
        case .table: [.table]
        case .record(let fields, let primary, _):
            [.record] + (primary.flatMap { p in fields.first { $0.name == p } }?.shape.kinds ?? [])
        case .optional(let shape): shape.kinds.map { $0 + [.null] }
        case .unknown: nil
        case .nothing: [.null]
        }
    }

    /// How the shape reads in docs: `matrix`, `list of numbers`, `table (k, inertia)`.
    public var summary: String {
        switch self {
        case .number: "number"
        case .string: "text"
        case .bool: "boolean"
        case .matrix: "matrix"
        case .labels: "labels"
        case .list(let element): "list of " + element.plural
        case .table(let columns): "table" + (columns.map { " (" + $0.joined(separator: ", ") + ")" } ?? "")
        case .record: "record"
        case .optional(.optional(let shape)): ValueShape.optional(shape).summary
        case .optional(let shape): shape.summary + " or null"
        case .unknown: "depends on the data"
        case .nothing: "nothing"
        }
    }

    private var plural: String {
        switch self {
        case .number: "numbers"
        case .string: "texts"
        case .bool: "booleans"
        case .matrix: "matrices"
        default: summary + "s"
        }
    }

    /// The members an expression may name on a value of this shape, with theirs. `Value.member` serves
    /// them at run time (and `Value.fieldNames` lists them from here).
    public var members: [(name: String, shape: ValueShape)]? {
        switch self {
        case .record(let fields, _, let others): others == nil ? fields.map { ($0.name, $0.shape) } : nil
        case .matrix: [("rows", .number), ("columns", .number), ("ids", .list(.string))]
        case .labels: [("count", .number), ("ids", .list(.string)), ("values", .list(.unknown)), ("classes", .list(.unknown))]
        case .table(let columns): columns.map { [("rows", .number)] + $0.map { ($0, .list(.unknown)) } }
        case .list: [("count", .number)]
        case .optional(let shape): shape.members
        case .unknown: nil
        default: []
        }
    }

    /// The names of `members` (none when they are known only at run time).
    var memberNames: [String] { members?.map(\.name) ?? [] }

    /// The shape of `name` on this one; nil when there is no such member (or it cannot be known).
    public func member(_ name: String) -> ValueShape? {
        switch self {
        case .record(let fields, _, let others):
            return fields.first { $0.name == name }?.shape ?? others
        case .table(let columns) where columns == nil:
            return name == "rows" ? .number : .list(.unknown)
        case .optional(let shape):
            return shape.member(name)
        case .unknown:
            return .unknown
        default:
            return members?.first { $0.name == name }?.shape
        }
    }

    /// The shape of an element `[i]`; nil when the value cannot be indexed.
    public var element: ValueShape? {
        switch self {
        case .list(let element): element
        case .matrix: .list(.number)
        case .labels: .unknown
        case .table(let columns):
            .record(
                fields: (columns ?? []).map { FieldShape($0, .unknown, doc: "") }, primary: nil,
                others: columns == nil ? .unknown : nil)
        case .record(let fields, let primary, _):
            primary.flatMap { p in fields.first { $0.name == p }?.shape.element } ?? .unknown
        case .optional(let shape): shape.element
        case .unknown: .unknown
        default: nil
        }
    }
}
