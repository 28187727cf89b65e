import Foundation
import ReportTestSupport
import Testing

/// `--executor` on the command line and in the front matter, where no cluster is needed: what a user
/// without Slurm, or with a wrong setting, is told. (SlurmClusterTests runs against a real cluster.)
@Suite struct ExecutorCommandLineTests {
    /// Four demo images and their features: the least a sharded render needs (SlurmClusterTests use it too).
    static let sharded = """
        ```{dataset #images}
        demo: most
        count: 4
        ```

        ```{features #f}
        input: images
        size: 32
        ```
        """

    /// A PATH without Slurm's commands (the real ones, if installed, stay out of reach).
    private static var pathWithoutSlurm: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/nonexistent"
        return environment
    }

    @Test func withoutSbatchTheRenderSaysWhatToInstall() throws {
        let workspace = try Workspace()
        try workspace.write(Self.sharded)
        let run = try CommandLineTests.litmus(
            ["render", "t.md", "--executor", "slurm", "--shards", "2", "--sbatch-arg=--qos=long"], in: workspace.root,
            environment: Self.pathWithoutSlurm)
        #expect(run.status == 1)
        #expect(run.stderr.contains("t.md:6:4: error: features #f: `sbatch` is not on PATH"), "\(run.stderr)")
        #expect(run.stderr.contains("apt-get install slurm-client"))
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("reports/t").path))
    }

    @Test func theFrontMatterCanChooseSlurmAndTheCommandLineOverrulesIt() throws {
        let workspace = try Workspace()
        try workspace.write("---\nexecutor: {slurm: {shards: 2}}\n---\n\n" + Self.sharded)
        let slurm = try CommandLineTests.litmus(["render", "t.md"], in: workspace.root, environment: Self.pathWithoutSlurm)
        #expect(slurm.status == 1 && slurm.stderr.contains("`sbatch` is not on PATH"), "\(slurm.stderr)")
        let local = try CommandLineTests.litmus(["render", "t.md", "--executor", "local"], in: workspace.root, environment: Self.pathWithoutSlurm)
        #expect(local.status == 0, "\(local.stderr)")
    }

    @Test func settingsThatCannotWorkAreUsageErrors() throws {
        let workspace = try Workspace()
        try workspace.write(Self.sharded)
        for (arguments, message) in [
            (["--executor", "slurm", "--no-cache"], "--executor slurm needs the cache"),
            (["--executor", "local", "--partition", "gpu"], "add --executor slurm"),
            (["--executor", "slurm", "--shards", "4", "--items-per-shard", "10"], "`shards` and `items_per_shard` exclude each other"),
            (["--executor", "slurm", "--shards", "0"], "command line (--shards): `shards` = 0 is out of range"),
            (["--executor", "slurm", "--executor-setting", "shard=2"], "unknown option `shard` for `slurm` (did you mean `shards`?)"),
            (["--executor", "slurm", "--executor-setting", "=2"], "--executor-setting takes name=value"),
            (["--executor", "kubernetes"], "kubernetes"),
        ] {
            let run = try CommandLineTests.litmus(["render", "t.md"] + arguments, in: workspace.root)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
    }

    @Test func checkReadsTheFrontMattersSettingsAsTheRenderWould() throws {
        let workspace = try Workspace()
        try workspace.write("---\nexecutor: {slurm: {shards: 0}}\n---\n\n" + Self.sharded)
        let check = try CommandLineTests.litmus(["check", "t.md"], in: workspace.root)
        #expect(check.status == 1 && check.stderr.contains("t.md:2:28: error: `shards` = 0 is out of range"), "\(check.stderr)")
        // `--executor-setting` is the generic way to give what `--shards` gives.
        let slurm = try CommandLineTests.litmus(
            ["render", "t.md", "--executor", "slurm", "--executor-setting", "shards=2"], in: workspace.root, environment: Self.pathWithoutSlurm)
        #expect(slurm.status == 1 && slurm.stderr.contains("`sbatch` is not on PATH"), "\(slurm.stderr)")
    }
}
