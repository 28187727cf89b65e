import Foundation

/// The processor as Linux describes it in /proc/cpuinfo: its model, its vendor and the instruction-set
/// flags that both the CPU and the kernel support (Linux drops AVX-512 from the flags where the OS does
/// not save its registers, so a flag here is one a program can use).
public struct CPUInfo: Sendable, Equatable {
    public let model: String
    public let vendor: String
    public let flags: Set<String>

    public init(model: String, vendor: String, flags: Set<String>) {
        (self.model, self.vendor, self.flags) = (model, vendor, flags)
    }

    /// The first processor's block of a /proc/cpuinfo text (every core of a machine reports the same).
    public init(cpuinfo text: String) {
        var fields = [String: String]()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty, !fields.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        self.init(
            model: fields["model name"] ?? "unknown", vendor: fields["vendor_id"] ?? "unknown",
            flags: Set((fields["flags"] ?? "").split(separator: " ").map(String.init)))
    }

    /// This machine's processor; an unreadable /proc/cpuinfo gives an unknown model with no flags.
    public static func current() -> CPUInfo {
        CPUInfo(cpuinfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
    }

    public var isaLevel: ISALevel { ISALevel(flags: flags) }

    /// The extensions beyond the ISA level that numerical libraries pick kernels by.
    public var extensions: [String] {
        [("avx512_bf16", "AVX-512-BF16"), ("avx512_vnni", "AVX-512-VNNI"), ("amx_bf16", "AMX-BF16"), ("amx_tile", "AMX-TILE")]
            .filter { flags.contains($0.0) }.map(\.1)
    }
}

/// The C library, whose libm (exp, log, pow) picks FMA or plain variants by the CPU at load time.
public enum CLibrary {
    /// `glibc 2.36` (confstr _CS_GNU_LIBC_VERSION); `unknown` elsewhere.
    public static var version: String {
        var buffer = [CChar](repeating: 0, count: 64)
        guard confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count) > 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
