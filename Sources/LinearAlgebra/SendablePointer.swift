/// A pointer handed to concurrent workers that each write their own, disjoint part of one buffer.
///
/// The buffer must outlive the workers; `@unchecked` because the compiler cannot see the disjointness.
public struct SendablePointer<Pointee>: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Pointee>

    public init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
}
