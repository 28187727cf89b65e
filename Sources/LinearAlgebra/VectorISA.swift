import CKernels

/// The vector widths the C kernels (CKernels) have a version for. Each kernel picks the widest the CPU
/// runs; every version computes the same bits (the sums keep their order and no FMA is formed), so
/// which one ran never shows in a result.
public enum VectorISA: Int, CaseIterable, Comparable, Sendable {
    case baseline, avx2, avx512

    /// The widest this CPU runs.
    public static let best = VectorISA(rawValue: Int(litmus_best_isa().rawValue)) ?? .baseline

    /// The versions this CPU runs, narrowest first.
    public static var runnable: [VectorISA] { allCases.filter { $0 <= best } }

    public var kernel: litmus_isa { litmus_isa(rawValue: UInt32(rawValue)) }

    public static func < (a: VectorISA, b: VectorISA) -> Bool { a.rawValue < b.rawValue }
}
