/// A fixed-size array the block workers share, each touching only its own entries.
final class LayoutBuffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    let count: Int

    init(count: Int, repeating value: T) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: value, count: count)
    }

    /// A copy of `other`'s entries (none for an empty buffer: nothing of it is read).
    init(copying other: LayoutBuffer<T>) {
        count = other.count
        pointer = .allocate(capacity: count)
        pointer.initialize(from: other.pointer, count: count)
    }

    subscript(index: Int) -> T {
        @inline(__always) get { pointer[index] }
        @inline(__always) set { pointer[index] = newValue }
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }
}
