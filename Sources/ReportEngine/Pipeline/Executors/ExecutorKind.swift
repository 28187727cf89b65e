/// One kind of executor a render can hand its sharded steps to (`executor: {slurm: {…}}`,
/// `--executor slurm`): its name, its settings declared as directive options are, and how to make one
/// from them. Registered in an `ExecutorRegistry`; the engine knows no kind by name but `local`.
public struct ExecutorKind: Sendable {
    public let name: String
    /// One line for `--help` and the guide.
    public let doc: String
    /// The settings, checked by the same validator as directive options: in the front matter and on the
    /// command line (`--executor-setting name=value`, or a flag the kind's module declares).
    public let settings: [OptionSpec]
    /// Settings of which one at most may be given (`shards`, `items_per_shard`); one given on the command
    /// line replaces the others the front matter gives.
    public let exclusive: [[String]]
    /// Makes the executor from its validated settings; throws what keeps it from working.
    public let make: @Sendable (ResolvedOptions) throws -> any ShardExecutor

    public init(
        name: String, doc: String, settings: [OptionSpec], exclusive: [[String]] = [],
        make: @escaping @Sendable (ResolvedOptions) throws -> any ShardExecutor
    ) {
        (self.name, self.doc, self.settings, self.exclusive, self.make) = (name, doc, settings, exclusive, make)
    }

    func setting(_ name: String) -> OptionSpec? { settings.first { $0.name == name } }
}
