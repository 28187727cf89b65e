import Platform
import Testing

/// The /proc/cpuinfo reading and the ISA levels, on the flag lists of the project's machines.
@Suite struct CPUInfoTests {
    /// Flags both of the project's machines report (x86-64-v3 and below), as Linux spells them.
    static let avx2Flags =
        "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves clzero xsaveerptr arat umip vaes vpclmulqdq rdpid fsrm"
    static let avx512Flags =
        avx2Flags
        + " avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl avx512_bf16 avx512vbmi avx512_vbmi2 gfni avx512_vnni avx512_bitalg avx512_vpopcntdq"

    static func cpuinfo(vendor: String, model: String, flags: String) -> String {
        """
        processor\t: 0
        vendor_id\t: \(vendor)
        cpu family\t: 6
        model name\t: \(model)
        flags\t\t: \(flags)

        processor\t: 1
        vendor_id\t: SomethingElse
        model name\t: Not the first block
        flags\t\t: fpu

        """
    }

    @Test func readsTheFirstProcessorsBlock() {
        let info = CPUInfo(
            cpuinfo: Self.cpuinfo(
                vendor: "GenuineIntel", model: "Intel(R) Xeon(R) Platinum 8488C",
                flags: Self.avx512Flags + " amx_bf16 amx_tile amx_int8"))
        #expect(info.vendor == "GenuineIntel")
        #expect(info.model == "Intel(R) Xeon(R) Platinum 8488C")
        #expect(info.flags.contains("avx512bw") && info.flags.contains("amx_tile") && !info.flags.contains("flags"))
        #expect(info.isaLevel == .v4)
        #expect(info.extensions == ["AVX-512-BF16", "AVX-512-VNNI", "AMX-BF16", "AMX-TILE"])
    }

    @Test func levelsFollowThePsABI() {
        #expect(ISALevel(flags: Set(Self.avx2Flags.split(separator: " ").map(String.init))) == .v3)
        #expect(ISALevel(flags: Set(Self.avx512Flags.split(separator: " ").map(String.init))) == .v4)
        // AVX-512 F alone (no BW/VL, as on Knights Landing) is not v4.
        #expect(ISALevel(flags: Set((Self.avx2Flags + " avx512f avx512cd").split(separator: " ").map(String.init))) == .v3)
        // A level needs every level below it: AVX2 without SSE4.2's POPCNT is baseline.
        #expect(ISALevel(flags: ["avx", "avx2", "fma", "sse4_2"]) == .baseline)
        #expect(ISALevel(flags: ["cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2"]) == .v2)
        #expect(ISALevel.v3.name == "x86-64-v3" && ISALevel.baseline.name == "x86-64")
    }

    @Test func unreadableCPUInfoMeansUnknownAndBaseline() {
        let info = CPUInfo(cpuinfo: "")
        #expect(info.model == "unknown" && info.flags.isEmpty && info.isaLevel == .baseline)
    }

    @Test func thisMachineIsReadable() {
        let info = CPUInfo.current()
        #expect(info.model != "unknown", "/proc/cpuinfo has a model name on Linux")
        #expect(info.isaLevel >= .baseline)
        #expect(CLibrary.version.hasPrefix("glibc "))
    }
}
