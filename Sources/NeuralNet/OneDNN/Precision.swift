import CDNNL

/// The number format activations and weights are computed in. Sums accumulate in f32 either way.
public enum Precision: String, CaseIterable, Sendable {
    case f32
    /// bfloat16: 8 bits of mantissa; features within about 1e-2 of f32. Needs AVX-512 BF16 or AMX.
    case bf16

    var dataType: dnnl_data_type_t { self == .f32 ? dnnl_f32 : dnnl_bf16 }

    /// Throws when the CPU (as oneDNN sees it, after any `DNNL_MAX_CPU_ISA` cap) cannot compute in this
    /// precision at speed. oneDNN 2.6 has no bf16 convolutions below AVX-512, and on AVX-512 without
    /// BF16 it would emulate them slower than f32: neither is worth offering.
    public func checkSupported() throws(PrecisionError) {
        guard self == .bf16 else { return }
        let isa = OneDNN.effectiveISA
        guard isa.rawValue & dnnl_cpu_isa_avx512_core_bf16.rawValue == dnnl_cpu_isa_avx512_core_bf16.rawValue else {
            throw .bf16Unsupported(isa: OneDNN.name(of: isa))
        }
    }
}

public enum PrecisionError: Error, Equatable, CustomStringConvertible {
    case bf16Unsupported(isa: String)

    public var description: String {
        switch self {
        case .bf16Unsupported(let isa):
            "precision bf16 needs a CPU with AVX-512 BF16 or AMX, and oneDNN finds \(isa) here; use `precision: f32`"
                + " (`litmus doctor` lists the CPU's extensions; DNNL_MAX_CPU_ISA, if set, caps them)"
        }
    }
}
