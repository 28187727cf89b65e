/// A fixed-size array the block workers share, each touching only its own entries.
final class LayoutBuffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    let count: Int

    init(count: Int, repeating value: T) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: value, count: count)
    }

    convenience init(copying other: LayoutBuffer<T>) {
        self.init(count: other.count, repeating: other.pointer.pointee)
        pointer.update(from: other.pointer, count: count)
    }

    subscript(index: Int) -> T {
        @inline(__always) get { pointer[index] }
        @inline(__always) set { pointer[index] = newValue }
    }

    deinit { pointer.deinitialize(count: count); pointer.deallocate() }
}
