import CBLAS
import Platform

/// Which of its kernels OpenBLAS runs (a DYNAMIC_ARCH build picks one at load time from the CPU's
/// identity), and whether that pick leaves the CPU's vector units idle. Debian 12's OpenBLAS 0.3.21
/// does not know recent Intel processors and falls back to its Prescott (SSE3) kernels on them
/// (OpenBLAS issue #4267, fixed in 0.3.25); `OPENBLAS_CORETYPE` makes it load another one.
public enum OpenBLASKernel {
    /// The environment variable OpenBLAS reads at load time to force a kernel.
    public static let environmentVariable = "OPENBLAS_CORETYPE"

    /// The ISA level each of OpenBLAS 0.3.21's x86-64 kernels (`openblas_get_corename`, lower-cased)
    /// is written for; a name not listed is never replaced.
    static let levels: [String: ISALevel] = [
        "katmai": .baseline, "coppermine": .baseline, "northwood": .baseline, "prescott": .baseline,
        "banias": .baseline, "athlon": .baseline, "opteron": .baseline, "opteron_sse3": .baseline,
        "core2": .baseline, "penryn": .baseline, "dunnington": .baseline, "atom": .baseline, "nano": .baseline,
        "nehalem": .v2, "barcelona": .v2, "bobcat": .v2,
        // AVX without AVX2: more than v2, less than v3.
        "sandybridge": .v2, "bulldozer": .v2, "piledriver": .v2, "steamroller": .v2,
        "haswell": .v3, "zen": .v3, "excavator": .v3,
        "skylakex": .v4, "cooperlake": .v4, "sapphirerapids": .v4,
    ]

    /// The kernel to run at each ISA level, where there is a better one than the baseline's.
    static let bestKernel: [ISALevel: String] = [.v3: "Haswell", .v4: "SkylakeX"]
    /// The fallback kernel, which every x86-64 CPU runs.
    static let baselineKernel = "Prescott"

    /// One kernel per level up to `level`, lowest first (Prescott, Haswell, SkylakeX): the kernels a CPU
    /// of that level can be forced to run, for testing that results do not depend on the kernel.
    public static func kernels(upTo level: ISALevel) -> [String] {
        [baselineKernel] + bestKernel.filter { $0.key <= level }.sorted { $0.key < $1.key }.map(\.value)
    }

    public enum Decision: Equatable, Sendable {
        /// OpenBLAS's kernel uses what the CPU offers (or is one Litmus does not know).
        case keep
        /// OpenBLAS fell back to a kernel below the CPU: run again with `OPENBLAS_CORETYPE` set to this.
        case replace(with: String)
        /// The user forced a kernel below the CPU: respected, with this better one named in a warning.
        case forcedBelow(better: String)
    }

    /// What to do about the kernel `reported` on a CPU of `level`, `forced` when the user set
    /// `OPENBLAS_CORETYPE` (then it is never replaced).
    public static func decide(reported: String, cpu level: ISALevel, forced: Bool) -> Decision {
        guard let current = levels[reported.lowercased()], current < level,
            let better = bestKernel.filter({ $0.key <= level && $0.key > current }).max(by: { $0.key < $1.key })?.value
        else { return .keep }
        return forced ? .forcedBelow(better: better) : .replace(with: better)
    }

    /// The kernel this process runs (`openblas_get_corename`).
    public static var current: String { String(cString: openblas_get_corename()) }

    /// `OpenBLAS 0.3.21`: the first two words of `openblas_get_config`.
    public static var version: String {
        String(cString: openblas_get_config()).split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// How OpenBLAS was built to run threads: `sequential`, `pthreads` or `OpenMP`.
    public static var threading: String {
        switch openblas_get_parallel() {
        case 0: "sequential"
        case 1: "pthreads"
        default: "OpenMP"
        }
    }

    /// OpenBLAS's thread count for each call: 1 once any product has run (`OpenBLASThreads`).
    public static var threadsPerCall: Int {
        OpenBLASThreads.fixed
        return OpenBLASThreads.current
    }
}
