import Dispatch
import Foundation
import Synchronization

/// The Slurm client commands litmus runs: `sbatch` to submit an array, `squeue` to follow it,
/// `scontrol` for an ended task's state, `scancel` to stop it. Each is looked up on PATH.
public struct SlurmCommands: Sendable {
    /// The environment the commands (and so the tasks, which inherit it through sbatch) see.
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) { self.environment = environment }

    /// Submits a batch script; returns the job id (`--parsable` prints `id` or `id;cluster`).
    public func sbatch(_ arguments: [String]) throws(SlurmError) -> String {
        let output = try run("sbatch", ["--parsable"] + arguments)
        guard let id = output.split(separator: "\n").last?.split(separator: ";").first.map(String.init), !id.isEmpty,
            id.allSatisfy(\.isNumber)
        else {
            throw .refused(command: "sbatch", status: 0, message: "printed no job id: \(output)")
        }
        return id
    }

    /// The array tasks of `job` Slurm still lists, by index, with their state (PENDING, RUNNING, …).
    /// Ended tasks are not listed; a job Slurm has forgotten lists none.
    public func queuedTasks(of job: String) throws(SlurmError) -> [Int: String] {
        let output: String
        do { output = try run("squeue", ["-h", "-r", "-j", job, "-o", "%K|%T"]) } catch {
            if case .refused(_, _, let message) = error, message.contains("Invalid job id") { return [:] }
            throw error
        }
        var tasks = [Int: String]()
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "|")
            if parts.count == 2, let index = Int(parts[0]) { tasks[index] = String(parts[1]) }
        }
        return tasks
    }

    /// An ended task's final state (`FAILED`, `CANCELLED`, `TIMEOUT`, …) and exit code, while Slurm remembers it.
    public func finalState(of task: String) -> String? {
        guard let output = try? run("scontrol", ["-o", "show", "job", task]) else { return nil }
        let fields = Dictionary(
            output.split(whereSeparator: \.isWhitespace).compactMap { field -> (String, String)? in
                let pair = field.split(separator: "=", maxSplits: 1)
                return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
            }, uniquingKeysWith: { a, _ in a })
        guard let state = fields["JobState"] else { return nil }
        var text = state
        if let reason = fields["Reason"], reason != "None" { text += " \(reason)" }
        if let exit = fields["ExitCode"], exit != "0:0" { text += ", exit \(exit)" }
        return text
    }

    /// Cancels jobs or array tasks; failures are ignored (the job may have ended meanwhile).
    public func cancel(_ jobs: [String]) {
        guard !jobs.isEmpty else { return }
        _ = try? run("scancel", jobs)
    }

    /// Runs a Slurm command and returns its standard output; a missing command or a non-zero exit throws.
    func run(_ name: String, _ arguments: [String]) throws(SlurmError) -> String {
        guard let executable = Self.find(name, path: environment["PATH"] ?? "/usr/bin:/bin") else { throw .missingCommand(name) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let (out, err) = (Pipe(), Pipe())
        (process.standardOutput, process.standardError) = (out, err)
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .refused(command: name, status: -1, message: error.localizedDescription) }
        // Both pipes drained before waiting: a full pipe would block the command.
        let errors = Mutex(Data())
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errors.withLock { $0 = data }
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        reader.wait()
        let text = String(decoding: output, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let message = errors.withLock { String(decoding: $0, as: UTF8.self) }
            throw .refused(command: name, status: process.terminationStatus, message: message.isEmpty ? text : message)
        }
        return text
    }

    static func find(_ name: String, path: String) -> URL? {
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
