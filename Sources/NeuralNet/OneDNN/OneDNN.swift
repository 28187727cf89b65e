import CDNNL

/// What Litmus reports of the oneDNN it runs on (`litmus doctor`, the manifest's numeric environment).
public enum OneDNN {
    /// "2.6.3".
    public static var version: String {
        let v = dnnl_version().pointee
        return "\(v.major).\(v.minor).\(v.patch)"
    }

    static var effectiveISA: dnnl_cpu_isa_t { dnnl_get_effective_cpu_isa() }

    /// The ISA oneDNN's kernels use on this CPU (after any `DNNL_MAX_CPU_ISA` cap), e.g. "avx512_core_bf16".
    public static var isa: String { name(of: effectiveISA) }

    static func name(of isa: dnnl_cpu_isa_t) -> String {
        switch isa {
        case dnnl_cpu_isa_sse41: "sse41"
        case dnnl_cpu_isa_avx: "avx"
        case dnnl_cpu_isa_avx2: "avx2"
        case dnnl_cpu_isa_avx2_vnni: "avx2_vnni"
        case dnnl_cpu_isa_avx512_core: "avx512_core"
        case dnnl_cpu_isa_avx512_core_vnni: "avx512_core_vnni"
        case dnnl_cpu_isa_avx512_core_bf16: "avx512_core_bf16"
        case dnnl_cpu_isa_avx512_core_amx: "avx512_core_amx"
        case dnnl_cpu_isa_all: "all"
        default: "isa 0x\(String(isa.rawValue, radix: 16))"
        }
    }
}
