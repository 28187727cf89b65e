/// The x86-64 micro-architecture levels of the System V psABI: what a program built for a level may use.
/// BLAS and CNN libraries choose their kernels by the same steps (SSE, AVX2 + FMA, AVX-512).
public enum ISALevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// SSE2: every x86-64 processor.
    case baseline = 1
    /// SSE3, SSSE3, SSE4.1/4.2, POPCNT, CMPXCHG16B.
    case v2
    /// AVX, AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE.
    case v3
    /// AVX-512 F, BW, CD, DQ and VL.
    case v4

    /// The Linux /proc/cpuinfo flags each level adds to the one below.
    static let requiredFlags: [ISALevel: [String]] = [
        .baseline: [],
        .v2: ["cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2"],
        .v3: ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"],
        .v4: ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"],
    ]

    /// The highest level whose flags, and those of every level below, are all present.
    public init(flags: Set<String>) {
        var level = ISALevel.baseline
        for candidate in ISALevel.allCases.dropFirst() {
            guard Self.requiredFlags[candidate, default: []].allSatisfy(flags.contains) else { break }
            level = candidate
        }
        self = level
    }

    public static func < (a: ISALevel, b: ISALevel) -> Bool { a.rawValue < b.rawValue }

    /// `x86-64-v3`, as compilers (`-march=x86-64-v3`) and glibc's hwcaps name it.
    public var name: String { self == .baseline ? "x86-64" : "x86-64-v\(rawValue)" }

    public var summary: String {
        switch self {
        case .baseline: "SSE2"
        case .v2: "SSE4.2"
        case .v3: "AVX2 + FMA"
        case .v4: "AVX-512"
        }
    }

    public var description: String { "\(name) (\(summary))" }
}
