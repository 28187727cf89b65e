import Foundation
import Synchronization

/// Objects the steps of one render share while they run, such as a compiled network: the first step
/// that asks for a key makes the object, every step that asks while some step still holds it gets the
/// same one, and it is freed when the last lets go (it is held weakly here). Made per render and per
/// shard task, never global.
public final class SharedObjects: Sendable {
    /// One entry per key asked for, kept for the render's life (a handful of keys).
    private let entries = Mutex([String: Entry]())
    private let counts = Mutex(0)

    public init() {}

    /// The object under `key`, made by `make` when no step holds one. Steps asking at once wait for one
    /// `make`; a failed `make` is not remembered (the next asker tries again).
    public func object<T: AnyObject & Sendable, E: Error>(_ key: String, make: () throws(E) -> T) throws(E) -> T {
        let entry = entries.withLock { entries in
            if let entry = entries[key] { return entry }
            let entry = Entry()
            entries[key] = entry
            return entry
        }
        entry.lock.lock()
        defer { entry.lock.unlock() }
        if let existing = entry.object as? T { return existing }
        let made = try make()
        entry.object = made
        counts.withLock { $0 += 1 }
        return made
    }

    /// How many objects `make` has made so far (tests count compiles with it).
    public var made: Int { counts.withLock { $0 } }

    /// One key's object and the lock its makers take; `object` is read and written under `lock` only.
    private final class Entry: @unchecked Sendable {
        let lock = NSLock()
        weak var object: AnyObject?
    }
}
