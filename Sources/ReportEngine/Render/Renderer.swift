import Foundation

/// The library's front door: check a template, or render it into a report folder.
public struct Renderer: Sendable {
    public let registry: DirectiveRegistry
    /// What the numbers depend on besides the inputs, recorded in the manifest.
    public let environment: NumericEnvironment
    /// `nil` disables caching.
    public let cacheDirectory: URL?
    public let log: @Sendable (String) -> Void
    public let progress: @Sendable (StepProgress) -> Void
    /// Steps computed at once at most (nil: as many as are independent).
    public let jobs: Int?
    /// Folders outside the template's own that its inputs may come from (`--allow-read`).
    public let allowedReadRoots: [URL]
    /// Where the sharded steps' missing items are computed: the executors known, what the command line
    /// chose (nil: in this process, whatever the template says).
    public let executor: ExecutorChoice?

    public init(
        registry: DirectiveRegistry, environment: NumericEnvironment, cacheDirectory: URL?,
        log: @escaping @Sendable (String) -> Void = { _ in }, progress: @escaping @Sendable (StepProgress) -> Void = { _ in },
        jobs: Int? = nil, allowedReadRoots: [URL] = [], executor: ExecutorChoice? = nil
    ) {
        (self.registry, self.environment, self.cacheDirectory, self.log, self.progress, self.jobs) = (
            registry, environment, cacheDirectory, log, progress, jobs
        )
        (self.allowedReadRoots, self.executor) = (allowedReadRoots, executor)
    }

    private func plan(_ template: Template, at templatePath: String, overrides: [(String, String)]) throws(DiagnosticList) -> Plan {
        let folder = Self.folder(of: templatePath)
        let access = ReadAccess.forTemplate(in: folder, allowed: allowedReadRoots, overrides: overrides)
        return try Planner(registry: registry).plan(template, overrides: overrides, baseDirectory: folder, readAccess: access)
    }

    /// Parses and validates without running anything.
    public func check(_ templatePath: String, overrides: [(String, String)] = []) throws(DiagnosticList) -> Plan {
        let (template, _) = try load(templatePath)
        let problems = executor?.problems(template) ?? []
        let plan: Plan
        do { plan = try self.plan(template, at: templatePath, overrides: overrides) } catch { throw DiagnosticList(problems + error.diagnostics) }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return plan
    }

    /// Renders `templatePath` into `outputDirectory` (default `reports/<template name>/`).
    @discardableResult
    public func render(
        _ templatePath: String, to outputDirectory: URL? = nil,
        overrides: [(String, String)] = []
    ) throws(DiagnosticList) -> RenderSummary {
        let started = Date()
        var phases = RenderPhases()
        let destination = outputDirectory ?? Self.defaultOutput(for: templatePath)
        // A report a killed render left aside is back in place even if this render fails.
        ReportWriter(destination: destination).restoreReportLeftAside()
        let (template, templateHash, plan) = try phases.time(RenderPhases.Name.planning) { () throws(DiagnosticList) in
            let (template, templateHash) = try load(templatePath)
            return (template, templateHash, try self.plan(template, at: templatePath, overrides: overrides))
        }
        for warning in plan.warnings { log(warning.description) }
        let outcome = try runner(origin(templatePath, hash: templateHash, overrides: overrides), executor: makeExecutor(template)).run(plan)
        phases.append(contentsOf: outcome.phases)
        // The keys' parts for `litmus status`, and what changed in the input folders since the last render.
        let assembling = DispatchTime.now()
        let record = cacheDirectory.map { _ in
            KeyRecord(plan: plan, keys: outcome.keys, parts: outcome.keyParts, folderFiles: outcome.inputFolderFiles)
        }
        let previous = cacheDirectory.flatMap { KeyRecord.read(from: KeyRecord.location(in: $0, templatePath: templatePath)) }
        let changes = record.flatMap { record in previous.map { FolderChange.all(from: $0, to: record) } }
        let files = try ReportFiles(
            plan: plan, outcome: outcome, templateHash: templateHash, environment: environment, folderChanges: changes, phases: phases
        ).files()
        phases.add(RenderPhases.Name.assembling, seconds: RenderPhases.seconds(since: assembling))
        try phases.time(RenderPhases.Name.writing) { () throws(DiagnosticList) in
            do {
                try ReportWriter(destination: destination).write(files)
            } catch {
                throw DiagnosticList([
                    Diagnostic(
                        "cannot write the report to \(destination.path): \(error.localizedDescription)",
                        hint: "the previous report, if any, is unchanged")
                ])
            }
            if let cacheDirectory, let record { record.write(to: KeyRecord.location(in: cacheDirectory, templatePath: templatePath)) }
        }
        return RenderSummary(destination: destination, records: outcome.records, seconds: Date().timeIntervalSince(started), phases: phases)
    }

    /// Per step, whether a render would take it from the cache or compute it, and why; runs nothing.
    public func status(_ templatePath: String, overrides: [(String, String)] = []) throws(DiagnosticList) -> StatusReport {
        let (template, _) = try load(templatePath)
        let plan = try plan(template, at: templatePath, overrides: overrides)
        return try StatusCheck(registry: registry, cacheDirectory: cacheDirectory).status(plan, templatePath: templatePath)
    }

    /// Computes the step `id` and the steps it depends on, taking what it can from the cache, without
    /// writing a report (the rest of the template's numbers would be missing).
    public func compute(_ templatePath: String, only id: String, overrides: [(String, String)] = []) throws(DiagnosticList) -> [StepRecord] {
        let (template, templateHash) = try load(templatePath)
        let plan = try plan(template, at: templatePath, overrides: overrides)
        guard plan.steps.contains(where: { $0.id == id }) else {
            let ids = plan.steps.map { "`\($0.id)`" }.joined(separator: ", ")
            throw DiagnosticList([Diagnostic("--only \(id): the template has no step `\(id)`", hint: "its steps are \(ids)")])
        }
        return try runner(origin(templatePath, hash: templateHash, overrides: overrides), executor: makeExecutor(template))
            .run(plan, only: DependencyOrder(steps: plan.steps).closure(of: id)).records
    }

    /// The work of shard `index` of a shard plan (`litmus shard`): plans the template as the render did
    /// and computes the shard's items into the cache.
    public func computeShard(_ shardPlan: ShardPlan, index: Int) throws(DiagnosticList) {
        let origin = shardPlan.origin
        let (template, templateHash) = try load(origin.templatePath)
        guard templateHash == origin.templateHash else {
            throw DiagnosticList([
                Diagnostic(
                    "the template \(origin.templatePath) changed after the render planned its shards",
                    hint: "render again: it plans the shards anew")
            ])
        }
        let plan = try plan(template, at: origin.templatePath, overrides: origin.overridePairs)
        try runner(origin).computeShard(plan, stepID: shardPlan.stepID, indices: shardPlan.shards[index])
    }

    private func origin(_ templatePath: String, hash: String, overrides: [(String, String)]) -> PlanOrigin {
        PlanOrigin(templatePath: templatePath, templateHash: hash, overrides: overrides, allowedReadRoots: allowedReadRoots)
    }

    private func runner(_ origin: PlanOrigin? = nil, executor: (any ShardExecutor)? = nil) -> Runner {
        Runner(
            registry: registry, cache: cacheDirectory.map { ResultCache(directory: $0, report: log) }, log: log,
            progress: progress, jobs: jobs, executor: executor, origin: origin)
    }

    private func makeExecutor(_ template: Template) throws(DiagnosticList) -> (any ShardExecutor)? {
        try executor?.executor(for: template)
    }

    public static func defaultOutput(for templatePath: String) -> URL {
        let name = URL(fileURLWithPath: templatePath).deletingPathExtension().lastPathComponent
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("reports").appendingPathComponent(name)
    }

    private static func folder(of templatePath: String) -> URL {
        URL(fileURLWithPath: templatePath).deletingLastPathComponent()
    }

    private func load(_ path: String) throws(DiagnosticList) -> (Template, String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticList([Diagnostic("cannot read the template `\(path)`: no such file or it is unreadable")])
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw DiagnosticList([Diagnostic("the template `\(path)` is not UTF-8 text")])
        }
        return (try TemplateParser().parse(source: source, path: path), ContentHash.of(data))
    }
}

/// What a render did, for the closing summary.
public struct RenderSummary: Sendable {
    public let destination: URL
    public let records: [StepRecord]
    public let seconds: Double
    /// Where the wall time went, writing included.
    public let phases: RenderPhases

    public var computedCount: Int { records.filter { !$0.cached }.count }
    public var cachedCount: Int { records.filter(\.cached).count }
}
