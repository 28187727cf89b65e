import Foundation
import LinearAlgebra
import NeuralNet
import Platform
import ReportEngine

extension DirectiveRegistry {
    /// Every directive Litmus ships. Adding one: a file in Directives/ and a line here.
    public static var standard: DirectiveRegistry {
        DirectiveRegistry([
            LoadDirective(),
            DatasetDirective(),
            CombineDirective(),
            FeaturesDirective(),
            GradCAMDirective(),
            AgreementSweepDirective(),
            PCADirective(),
            TableDirective(),
            ScatterDirective(),
            LineDirective(),
            ExportDirective(),
            KMeansDirective(),
            OPTICSDirective(),
            AgreementDirective(),
            SilhouetteDirective(),
            CompositionDirective(),
            RepresentativesDirective(),
            UMAPDirective(),
            ReachabilityDirective(),
            HeatmapDirective(),
            GridDirective(),
            StabilityDirective(),
            FidelityDirective(),
            FidelityChartDirective(),
            MemorizationDirective(),
            MemorizationChartDirective(),
            PairGridDirective(),
            UtilityDirective(),
        ])
    }
}

extension NumericEnvironment {
    /// This process's: the CPU, its BLAS kernel and threads, oneDNN and its ISA, the C library.
    public static func current(cpu: CPUInfo = .current()) -> NumericEnvironment {
        NumericEnvironment(
            cpu: cpu.model, isa: cpu.isaLevel.name, blas: OpenBLASKernel.version,
            blasKernel: OpenBLASKernel.current, blasThreads: OpenBLASKernel.threadsPerCall,
            dnnl: "oneDNN \(OneDNN.version)", dnnlISA: OneDNN.isa, libc: CLibrary.version)
    }
}

extension Renderer {
    /// Litmus's renderer: the standard directives, this process's numeric environment.
    public init(
        cacheDirectory: URL?, log: @escaping @Sendable (String) -> Void = { _ in },
        progress: @escaping @Sendable (StepProgress) -> Void = { _ in }, jobs: Int? = nil, allowedReadRoots: [URL] = [],
        executor: ExecutorChoice? = nil
    ) {
        self.init(
            registry: .standard, environment: .current(), cacheDirectory: cacheDirectory, log: log, progress: progress,
            jobs: jobs, allowedReadRoots: allowedReadRoots, executor: executor)
    }
}
