import Foundation

/// What a report's numbers depend on besides its inputs: the processor's ISA level (which libm
/// variants run), the BLAS library and the kernel it runs, its threads per call, oneDNN and the ISA
/// its kernels use (which picks Winograd or direct convolutions), and the C library.
/// On one machine a render's bytes depend on none of the rest (cores, `--jobs`, `batch_size`, other
/// work in the process); on another CPU, floating-point sums may round differently where any of these
/// fields differ (docs/numerics.md). Recorded in manifest.json and printed by `litmus doctor`.
public struct NumericEnvironment: Sendable, Equatable {
    /// The processor's model name: recorded to say which machine, not compared.
    public let cpu: String
    public let isa: String
    public let blas: String
    public let blasKernel: String
    public let blasThreads: Int
    /// "oneDNN 2.6.3".
    public let dnnl: String
    /// oneDNN's ISA after any DNNL_MAX_CPU_ISA cap, e.g. "avx512_core_bf16".
    public let dnnlISA: String
    public let libc: String

    public init(
        cpu: String, isa: String, blas: String, blasKernel: String, blasThreads: Int, dnnl: String, dnnlISA: String,
        libc: String
    ) {
        (self.cpu, self.isa, self.blas, self.blasKernel, self.blasThreads) = (cpu, isa, blas, blasKernel, blasThreads)
        (self.dnnl, self.dnnlISA, self.libc) = (dnnl, dnnlISA, libc)
    }

    /// The manifest's `numeric_environment` object.
    public var json: [String: Any] {
        [
            "cpu": cpu, "isa": isa, "blas": blas, "blas_kernel": blasKernel, "blas_threads": blasThreads, "dnnl": dnnl,
            "dnnl_isa": dnnlISA, "libc": libc,
        ]
    }

    /// `json` as pretty-printed JSON with sorted keys (`litmus doctor --json`).
    public var jsonText: String { String(decoding: Manifest.encode(json), as: UTF8.self) }

    /// From a manifest's `numeric_environment` object; nil when a field is missing (an older manifest).
    public init?(json: [String: Any]) {
        guard let cpu = json["cpu"] as? String, let isa = json["isa"] as? String, let blas = json["blas"] as? String,
            let kernel = json["blas_kernel"] as? String, let threads = json["blas_threads"] as? Int,
            let dnnl = json["dnnl"] as? String, let dnnlISA = json["dnnl_isa"] as? String,
            let libc = json["libc"] as? String
        else { return nil }
        self.init(cpu: cpu, isa: isa, blas: blas, blasKernel: kernel, blasThreads: threads, dnnl: dnnl, dnnlISA: dnnlISA, libc: libc)
    }

    /// Whether two environments compute the same bits for the same inputs: every field but the CPU's name.
    public func computesLike(_ other: NumericEnvironment) -> Bool {
        (isa, blas, blasKernel, blasThreads, libc) == (other.isa, other.blas, other.blasKernel, other.blasThreads, other.libc)
            && (dnnl, dnnlISA) == (other.dnnl, other.dnnlISA)
    }
}
