import Foundation

/// A sharded step's plan, written into the cache folder by the coordinating render and read by every
/// shard task (`litmus shard PLAN INDEX`): which template, which step, which items each shard computes.
/// The plan's folder also holds the tasks' markers and their logs; it is the only channel between them.
public struct ShardPlan: Codable, Sendable, Equatable {
    /// Bumped when the file's fields change; a task refuses a plan of another version.
    public static let formatVersion = 1

    public var format: Int
    public var origin: PlanOrigin
    public var stepID: String
    public var directive: String
    /// The cache folder, absolute: the same path on every node.
    public var cacheDirectory: String
    /// What an item is ("images").
    public var unit: String
    /// Per shard, the indices of its items (into the step's `WorkItems`).
    public var shards: [[Int]]

    public init(origin: PlanOrigin, stepID: String, directive: String, cacheDirectory: URL, unit: String, shards: [[Int]]) {
        (format, self.origin, self.stepID, self.directive) = (Self.formatVersion, origin, stepID, directive)
        (self.cacheDirectory, self.unit, self.shards) = (cacheDirectory.standardizedFileURL.path, unit, shards)
    }

    /// Splits `pending` into `count` shards of consecutive items whose sizes differ by one at most.
    public static func split(_ pending: [Int], into count: Int) -> [[Int]] {
        let n = min(max(1, count), pending.count)
        guard n > 0 else { return [] }
        let (size, extra) = pending.count.quotientAndRemainder(dividingBy: n)
        var shards = [[Int]]()
        var start = 0
        for s in 0..<n {
            let length = size + (s < extra ? 1 : 0)
            shards.append(Array(pending[start..<(start + length)]))
            start += length
        }
        return shards
    }

    // MARK: The plan's folder

    /// Where plans live under a cache folder: `<cache>/shards/<step>-<time>-<n>/`.
    public static func newFolder(in cache: URL, stepID: String) -> URL {
        let stamp = Int(Date().timeIntervalSince1970 * 1000)
        return cache.appendingPathComponent("shards").appendingPathComponent("\(stepID)-\(stamp)-\(UUID().uuidString.prefix(8).lowercased())")
    }

    public static let fileName = "plan.json"

    /// The marker a task writes before any work: it could read the plan and write into the cache folder.
    public static func startMarker(_ index: Int, in folder: URL) -> URL { folder.appendingPathComponent("started-\(index)") }
    /// The marker a task writes once all its items are stored.
    public static func doneMarker(_ index: Int, in folder: URL) -> URL { folder.appendingPathComponent("done-\(index)") }

    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: folder.appendingPathComponent(Self.fileName), options: .atomic)
    }

    /// Reads a plan file; an error says what is wrong with it in words a user can act on.
    public static func read(_ file: URL) throws(ShardPlanError) -> ShardPlan {
        guard let data = FileManager.default.contents(atPath: file.path) else { throw .unreadable(file.path) }
        let plan: ShardPlan
        do { plan = try JSONDecoder().decode(ShardPlan.self, from: data) } catch { throw .malformed(file.path, "\(error)") }
        guard plan.format == formatVersion else { throw .otherFormat(file.path, plan.format) }
        return plan
    }
}

public enum ShardPlanError: Error, CustomStringConvertible, Equatable {
    case unreadable(String)
    case malformed(String, String)
    case otherFormat(String, Int)
    case noSuchShard(String, index: Int, count: Int)

    public var description: String {
        switch self {
        case .unreadable(let path):
            "cannot read the shard plan \(path): a task must see the cache folder at the same path as the render that wrote it (a shared file system)"
        case .malformed(let path, let why): "the shard plan \(path) is not a plan litmus wrote: \(why)"
        case .otherFormat(let path, let format):
            "the shard plan \(path) has format \(format), this litmus reads format \(ShardPlan.formatVersion): run the tasks with the binary that rendered"
        case .noSuchShard(let path, let index, let count): "the shard plan \(path) has shards 0…\(count - 1), not \(index)"
        }
    }
}
