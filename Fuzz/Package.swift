// swift-tools-version: 6.0
// The fuzzing harness, a package of its own so the main build never sees libFuzzer's entry point.
// Built and run by `scripts/fuzz` with `-sanitize=fuzzer,address`.
import PackageDescription

let package = Package(
    name: "LitmusFuzz",
    dependencies: [.package(name: "Litmus", path: "..")],
    targets: [
        .executableTarget(
            name: "litmus-fuzz",
            dependencies: [
                "CFuzzer",
                .product(name: "ReportEngine", package: "Litmus"),
                .product(name: "DirectiveLibrary", package: "Litmus"),
            ]),
        .target(name: "CFuzzer"),
    ]
)
