// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Litmus",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "litmus", targets: ["litmus"]),
        .library(name: "ReportEngine", targets: ["ReportEngine"]),
        .library(name: "DirectiveLibrary", targets: ["DirectiveLibrary"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // `litmus watch --serve`: a small HTTP server on Swift concurrency and plain sockets.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // System libraries (Debian packages installed by scripts/install-deps).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACK", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        // oneDNN 2.6 (VGG19 and Grad-CAM): Debian ships no pkg-config file, the module map links `dnnl`.
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        // libpng reports errors by longjmp; this small C target keeps that away from Swift.
        // The atomic swap of two folders that report writing needs (Linux renameat2).
        .target(name: "CFileSystem"),
        .target(name: "CImageCodecs", dependencies: ["CPNG"]),
        // DICOM through GDCM 3.0 (C++; JPEG 2000, JPEG-LS, JPEG lossless and RLE decoders): a C interface.
        // Debian ships no pkg-config file; the shim includes <gdcm-3.0/…> and links GDCM's libraries.
        .target(
            name: "CDICOM",
            linkerSettings: [
                .linkedLibrary("gdcmMSFF"), .linkedLibrary("gdcmDSED"), .linkedLibrary("gdcmCommon"),
                .linkedLibrary("gdcmDICT"),
            ]),
        .systemLibrary(
            name: "CCmark", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        // Hot loops in C, one version per ISA (AVX-512, AVX2, baseline) picked at load time.
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("m")]),
        // The processor: model, ISA level, extensions (for picking kernels and naming the machine).
        .target(name: "Platform"),
        // Numerics and analyses: know nothing of templates.
        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "CLAPACK", "CKernels", "Platform"]),
        .target(name: "Analysis", dependencies: ["LinearAlgebra", "CKernels"]),
        // Figures: know nothing of analyses.
        .target(name: "Plotting", dependencies: ["CCairo"]),
        // Images: PNG (8/16-bit, every colour type), JPEG and DICOM decoding, resizing, network preprocessing.
        .target(name: "Imaging", dependencies: ["CImageCodecs", "CTurboJPEG", "CDICOM"]),
        // The CNN: weights, VGG19 and Grad-CAM on oneDNN, reference layers for the tests.
        .target(name: "NeuralNet", dependencies: ["LinearAlgebra", "CBLAS", "CDNNL"]),
        // Built-in demo data: synthetic knee radiographs.
        .target(name: "Phantoms", dependencies: ["Imaging", "LinearAlgebra"]),
        // The engine: templates, options and results, pipeline, cache, values, output and the `Directive`
        // protocol. Knows no analysis: it runs whatever directives its registry holds.
        .target(
            name: "ReportEngine",
            dependencies: [
                "LinearAlgebra", "Plotting", "CCmark", "CFileSystem",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // The directives Litmus ships and their standard registry: one file per directive.
        .target(
            name: "DirectiveLibrary",
            dependencies: ["ReportEngine", "Platform", "LinearAlgebra", "Analysis", "Plotting", "Phantoms", "Imaging", "NeuralNet"]),
        // Sharded steps as Slurm array jobs: sbatch, squeue, scancel; the shared cache is the channel.
        .target(name: "Slurm", dependencies: ["ReportEngine", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "litmus",
            dependencies: [
                "ReportEngine", "DirectiveLibrary", "Slurm", "Phantoms", "Imaging", "Platform", "LinearAlgebra", "Plotting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]),

        // Release-mode measurements printed as JSON; Benchmarks/run_clustering.py compares with scikit-learn.
        .executableTarget(
            name: "litmus-bench", dependencies: ["Analysis", "LinearAlgebra", "Plotting", "Phantoms", "Imaging", "NeuralNet", "CBLAS"],
            path: "Benchmarks/LitmusBenchmarks"),

        .target(name: "TestSupport", dependencies: ["LinearAlgebra"], path: "Tests/TestSupport"),
        // Rendering templates in tests: a workspace folder, and one directive run on in-memory inputs.
        .target(name: "ReportTestSupport", dependencies: ["ReportEngine", "DirectiveLibrary", "TestSupport"], path: "Tests/ReportTestSupport"),
        .testTarget(name: "PlatformTests", dependencies: ["Platform"]),
        .testTarget(
            name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "Platform", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AnalysisTests", dependencies: ["Analysis", "LinearAlgebra", "CKernels", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "LinearAlgebra"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PhantomsTests", dependencies: ["Phantoms", "Imaging"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "LinearAlgebra"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "TestSupport"], exclude: ["Golden"]),
        // The engine alone, with directives of its own: no analysis is compiled.
        .testTarget(name: "ReportEngineTests", dependencies: ["ReportEngine", "LinearAlgebra", "Plotting", "TestSupport"]),
        .testTarget(
            name: "DirectiveLibraryTests",
            dependencies: [
                "DirectiveLibrary", "ReportEngine", "ReportTestSupport", "TestSupport", "LinearAlgebra",
                "Analysis", "NeuralNet", "Imaging", "Phantoms",
            ]),
        .testTarget(name: "SlurmTests", dependencies: ["Slurm", "ReportEngine", "TestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ReportEngine", "DirectiveLibrary", "Slurm", "ReportTestSupport", "Platform", "LinearAlgebra",
                "NeuralNet", "Imaging", "Phantoms", "TestSupport",
            ],
            resources: [.copy("Golden")]),
    ]
)
