import Foundation
import ReportEngine
import Testing

/// The comparison the CPU-independent goldens rely on: what it lets through and what it catches.
@Suite struct ReportComparisonTests {
    let comparison = ReportComparison()
    static let report = """
        ## Data

        PCA: 3 components explain 91.4 % of the variance; inertia 1234.5678.

        ### Clusters on the UMAP embedding

        OPTICS found 4 clusters; 12 items (3.1 %) are noise.

        | cluster | n |
        | ---: | ---: |
        | 0 | 18 |

        ![Figure 2](figures/fig-umap.png)
        """

    func problems(_ actual: String, boundary: String? = "### Clusters on the UMAP embedding") -> [String] {
        comparison.textProblems(actual: actual, expected: Self.report, boundary: boundary)
    }

    @Test func roundingAndChaosAfterTheBoundaryPass() {
        #expect(problems(Self.report).isEmpty)
        // The last printed digit may flip, and a relative 1e-5 is within tolerance.
        #expect(problems(Self.report.replacingOccurrences(of: "91.4 %", with: "91.5 %")).isEmpty)
        #expect(problems(Self.report.replacingOccurrences(of: "1234.5678", with: "1234.5790")).isEmpty)
        // After the boundary, other clusters and counts are expected on another CPU.
        let chaotic = Self.report.replacingOccurrences(of: "4 clusters; 12 items (3.1 %)", with: "5 clusters; 9 items (2.3 %)")
            .replacingOccurrences(of: "| 0 | 18 |", with: "| 0 | 11 |\n| 1 | 7 |")
        #expect(problems(chaotic).isEmpty)
    }

    @Test func numbersBeyondToleranceAndOtherTextFail() {
        #expect(!problems(Self.report.replacingOccurrences(of: "91.4 %", with: "91.7 %")).isEmpty)
        #expect(!problems(Self.report.replacingOccurrences(of: "1234.5678", with: "1235.5678")).isEmpty)
        #expect(!problems(Self.report.replacingOccurrences(of: "3 components", with: "4 components")).isEmpty)
        #expect(!problems(Self.report.replacingOccurrences(of: "explain", with: "explains")).isEmpty)
        #expect(!problems(Self.report + "\nOne more line.", boundary: nil).isEmpty)
    }

    @Test func structureAfterTheBoundaryMustMatch() {
        #expect(!problems(Self.report.replacingOccurrences(of: "fig-umap.png", with: "fig-other.png")).isEmpty)
        #expect(!problems(Self.report.replacingOccurrences(of: "| cluster | n |", with: "| cluster | size |")).isEmpty)
        #expect(!problems(Self.report + "\n\n## Another section\n").isEmpty)
        #expect(!problems(Self.report.replacingOccurrences(of: "### Clusters on the UMAP embedding", with: "### Clusters")).isEmpty)
    }

    @Test func numbersInsideWordsAreText() {
        #expect(ReportComparison.tokens("fig-pca1 b56b6874 x 2.50") == [.text("fig-pca1 b56b6874 x "), .number(2.5, digits: 2)])
    }

    @Test func manifestsDifferOnlyInOutputHashesAndEnvironment() throws {
        func manifest(key: String = "k1", hash: String = "h1", outputs: [String] = ["README.md"], kernel: String = "Haswell") throws -> Data {
            try JSONSerialization.data(withJSONObject: [
                "steps": [["id": "a", "key": key]], "outputs": Dictionary(uniqueKeysWithValues: outputs.map { ($0, hash) }),
                "numeric_environment": ["blas_kernel": kernel],
            ])
        }
        let expected = try manifest()
        #expect(comparison.manifestProblems(actual: try manifest(hash: "h2", kernel: "Prescott"), expected: expected).isEmpty)
        #expect(!comparison.manifestProblems(actual: try manifest(key: "k2"), expected: expected).isEmpty)
        #expect(!comparison.manifestProblems(actual: try manifest(outputs: ["README.md", "x.png"]), expected: expected).isEmpty)
    }

    @Test func exactOnlyWhereTheEnvironmentComputesAlike() throws {
        func manifest(_ environment: NumericEnvironment) throws -> Data {
            try JSONSerialization.data(withJSONObject: ["numeric_environment": environment.json])
        }
        let here = NumericEnvironment.current()
        let renamed = NumericEnvironment(
            cpu: "another model", isa: here.isa, blas: here.blas, blasKernel: here.blasKernel,
            blasThreads: here.blasThreads, dnnl: here.dnnl, dnnlISA: here.dnnlISA, libc: here.libc)
        let otherKernel = NumericEnvironment(
            cpu: here.cpu, isa: here.isa, blas: here.blas, blasKernel: here.blasKernel + "X",
            blasThreads: here.blasThreads, dnnl: here.dnnl, dnnlISA: here.dnnlISA, libc: here.libc)
        let otherDNNLISA = NumericEnvironment(
            cpu: here.cpu, isa: here.isa, blas: here.blas, blasKernel: here.blasKernel,
            blasThreads: here.blasThreads, dnnl: here.dnnl, dnnlISA: here.dnnlISA + "_x", libc: here.libc)
        #expect(ReportComparison.mode(referenceManifest: try manifest(here)) == .exact)
        #expect(ReportComparison.mode(referenceManifest: try manifest(renamed)) == .exact)
        #expect(ReportComparison.mode(referenceManifest: try manifest(otherKernel)) == .tolerant)
        #expect(ReportComparison.mode(referenceManifest: try manifest(otherDNNLISA)) == .tolerant)
        #expect(ReportComparison.mode(referenceManifest: Data("{}".utf8)) == .tolerant)
        #expect(ReportComparison.mode(referenceManifest: nil) == .tolerant)
    }
}
