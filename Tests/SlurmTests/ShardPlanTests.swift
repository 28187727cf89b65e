import Foundation
import ReportEngine
import Slurm
import TestSupport
import Testing

/// The shard plan file, and the Slurm commands as litmus runs them (with stand-ins on PATH: these
/// tests need no cluster; EndToEndTests' SlurmClusterTests run against a real one).
@Suite struct ShardPlanTests {
    @Test func aPlanReadsBackAsWritten() throws {
        let folder = try TestData.temporaryDirectory("litmus-plan")
        let origin = PlanOrigin(
            templatePath: "/work/t.md", templateHash: "abc", overrides: [("size", "64")], allowedReadRoots: [URL(fileURLWithPath: "/data")])
        let plan = ShardPlan(origin: origin, stepID: "f", directive: "features", cacheDirectory: folder, unit: "images", shards: [[0, 1], [2]])
        try plan.write(to: folder)
        let read = try ShardPlan.read(folder.appendingPathComponent(ShardPlan.fileName))
        #expect(read == plan)
        #expect(read.origin.overridePairs.map { "\($0.0)=\($0.1)" } == ["size=64"])
    }

    @Test func aBadPlanSaysWhatIsWrong() throws {
        let folder = try TestData.temporaryDirectory("litmus-plan")
        let file = folder.appendingPathComponent("plan.json")
        #expect(throws: ShardPlanError.unreadable(file.path)) { try ShardPlan.read(file) }
        try Data("{\"format\": 1}".utf8).write(to: file)
        #expect { try ShardPlan.read(file) } throws: { "\($0)".contains("is not a plan litmus wrote") }
        let origin = PlanOrigin(templatePath: "/t.md", templateHash: "h", overrides: [], allowedReadRoots: [])
        var plan = ShardPlan(origin: origin, stepID: "f", directive: "features", cacheDirectory: folder, unit: "images", shards: [[0]])
        plan.format = 99
        try plan.write(to: folder)
        #expect { try ShardPlan.read(file) } throws: { "\($0)".contains("format 99") && "\($0)".contains("the binary that rendered") }
        #expect(ShardPlanError.unreadable("/x/plan.json").description.contains("same path"))
    }

    /// A folder with stand-ins for Slurm's commands, each a shell script.
    private func path(with scripts: [String: String]) throws -> String {
        let folder = try TestData.temporaryDirectory("litmus-fake-slurm")
        for (name, body) in scripts {
            // Written by `install`, another process: a file this process had open for writing can be
            // inherited by a child another test forks at that moment, and then exec fails (ETXTBSY).
            let source = folder.appendingPathComponent(".\(name).txt")
            try Data("#!/bin/sh\n\(body)\n".utf8).write(to: source)
            let install = Process()
            install.executableURL = URL(fileURLWithPath: "/usr/bin/install")
            install.arguments = ["-m", "755", source.path, folder.appendingPathComponent(name).path]
            try install.run()
            install.waitUntilExit()
            guard install.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
        return folder.path  // nothing else: the real commands, if installed, stay out of reach
    }

    @Test func missingSbatchNamesWhatToInstall() throws {
        let commands = SlurmCommands(environment: ["PATH": try path(with: [:])])
        #expect(throws: SlurmError.missingCommand("sbatch")) { try commands.sbatch(["task.sh"]) }
        let message = SlurmError.missingCommand("sbatch").description
        #expect(message.contains("slurm-client") && message.contains("SLURM_CONF") && message.contains("--executor local"))
    }

    @Test func aRefusalCarriesSlurmsMessage() throws {
        let commands = SlurmCommands(environment: [
            "PATH": try path(with: [
                "sbatch": "echo 'sbatch: error: invalid partition specified: gpu' >&2; exit 1"
            ])
        ])
        do {
            _ = try commands.sbatch(["--partition=gpu", "task.sh"])
            Issue.record("a refusing sbatch gave a job id")
        } catch {
            #expect("\(error)".contains("`sbatch` refused (exit 1): sbatch: error: invalid partition specified: gpu"))
            #expect("\(error)".contains("--partition"))
        }
    }

    @Test func jobIdsAndQueueStatesAreRead() throws {
        let commands = SlurmCommands(environment: [
            "PATH": try path(with: [
                "sbatch": "echo '4711;cluster-a'",
                "squeue": "printf '0|RUNNING\\n2|PENDING\\n'",
            ])
        ])
        #expect(try commands.sbatch(["task.sh"]) == "4711")
        #expect(try commands.queuedTasks(of: "4711") == [0: "RUNNING", 2: "PENDING"])
        let forgotten = SlurmCommands(environment: [
            "PATH": try path(with: [
                "squeue": "echo 'slurm_load_jobs error: Invalid job id specified' >&2; exit 1"
            ])
        ])
        #expect(try forgotten.queuedTasks(of: "4711").isEmpty)
        let garbled = SlurmCommands(environment: ["PATH": try path(with: ["sbatch": "echo 'Submitted batch job'"])])
        #expect { try garbled.sbatch(["task.sh"]) } throws: { "\($0)".contains("printed no job id") }
    }
}
