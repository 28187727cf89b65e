import Dispatch
import Platform
import Synchronization
import Testing

@testable import LinearAlgebra

/// Whether OpenBLAS's kernel is replaced, as a function of the kernel it reports and the CPU's level.
@Suite struct OpenBLASKernelTests {
    typealias Decision = OpenBLASKernel.Decision

    @Test(arguments: [
        // Debian 12's OpenBLAS on a recent Intel Xeon (AVX-512, AMX): the Prescott fallback.
        ("Prescott", ISALevel.v4, Decision.replace(with: "SkylakeX")),
        ("Prescott", .v3, .replace(with: "Haswell")),
        ("Core2", .v3, .replace(with: "Haswell")),
        ("Sandybridge", .v3, .replace(with: "Haswell")),
        ("Haswell", .v4, .replace(with: "SkylakeX")),
        ("Zen", .v4, .replace(with: "SkylakeX")),
        // Right already: AMD Zen 3 (Zen), Zen 4 and Cooper Lake (Cooperlake), Skylake-SP.
        ("Zen", .v3, .keep), ("Haswell", .v3, .keep), ("Cooperlake", .v4, .keep), ("SkylakeX", .v4, .keep),
        ("SapphireRapids", .v4, .keep),
        // Nothing better exists for the CPU, or the name is unknown.
        ("Prescott", .baseline, .keep), ("Nehalem", .v2, .keep), ("Prescott", .v2, .keep), ("Neoverse", .v4, .keep),
        // Case as OpenBLAS prints it or not.
        ("PRESCOTT", .v4, .replace(with: "SkylakeX")),
    ])
    func unforcedFallbacksAreReplaced(reported: String, level: ISALevel, expected: Decision) {
        #expect(OpenBLASKernel.decide(reported: reported, cpu: level, forced: false) == expected)
    }

    @Test func aForcedKernelIsKeptWithTheBetterOneNamed() {
        #expect(OpenBLASKernel.decide(reported: "Prescott", cpu: .v4, forced: true) == .forcedBelow(better: "SkylakeX"))
        #expect(OpenBLASKernel.decide(reported: "Haswell", cpu: .v4, forced: true) == .forcedBelow(better: "SkylakeX"))
        #expect(OpenBLASKernel.decide(reported: "Prescott", cpu: .v3, forced: true) == .forcedBelow(better: "Haswell"))
        #expect(OpenBLASKernel.decide(reported: "SkylakeX", cpu: .v4, forced: true) == .keep)
    }

    @Test func everyReplacementIsAKnownKernelOfItsLevel() {
        for (level, name) in OpenBLASKernel.bestKernel {
            #expect(OpenBLASKernel.levels[name.lowercased()] == level)
        }
    }

    @Test func eachLevelCanBeForcedToTheKernelsBelowIt() {
        #expect(OpenBLASKernel.kernels(upTo: .v4) == ["Prescott", "Haswell", "SkylakeX"])
        #expect(OpenBLASKernel.kernels(upTo: .v3) == ["Prescott", "Haswell"])
        #expect(OpenBLASKernel.kernels(upTo: .v2) == ["Prescott"])
    }

    @Test func thisProcessRunsOneThreadPerCall() {
        #expect(OpenBLASKernel.threadsPerCall == 1)
        #expect(OpenBLASKernel.version.hasPrefix("OpenBLAS "))
        #expect(!OpenBLASKernel.current.isEmpty)
    }
}

/// BLAS products give the same bits whichever threads call them and whatever else runs: no call changes
/// a process-wide setting, and each runs on one thread.
@Suite struct ConcurrentProductTests {
    /// VGG19-like shapes, the one that differed between 1 and 2 OpenBLAS threads with the Haswell kernel
    /// (64 × 3136 × 576) first.
    static let shapes = [(64, 3136, 576), (128, 784, 1152), (300, 7, 512), (5, 4000, 33)]

    @Test func concurrentCallsEqualSerialOnes() {
        var random = SeededGenerator(seed: 9)
        let inputs = Self.shapes.map { m, n, k in
            ((0..<(m * k)).map { _ in Float(random.nextUnit() - 0.5) }, (0..<(k * n)).map { _ in Float(random.nextUnit() - 0.5) })
        }
        let serial = zip(Self.shapes, inputs).map { shape, ab in BLAS.multiply(ab.0, ab.1, m: shape.0, k: shape.2, n: shape.1) }
        let results = Mutex<[[Float]?]>(Array(repeating: nil, count: 4 * Self.shapes.count))
        DispatchQueue.concurrentPerform(iterations: 4 * Self.shapes.count) { task in
            let i = task % Self.shapes.count
            let (m, n, k) = Self.shapes[i]
            let product = BLAS.multiply(inputs[i].0, inputs[i].1, m: m, k: k, n: n)
            results.withLock { $0[task] = product }
        }
        for (task, product) in results.withLock({ $0 }).enumerated() {
            #expect(product == serial[task % Self.shapes.count], "shape \(Self.shapes[task % Self.shapes.count]) differs when called concurrently")
        }
    }
}
