/// The content hashes of every input file and folder a plan names, through the file-hash index: what
/// the keys read, and what the manifest lists.
struct InputFileHashes {
    /// By absolute path (a folder's listed path ends in `/`), sorted.
    let listed: [(path: String, hash: String)]
    /// By the path the steps hold.
    let byPath: [String: String]

    init(_ plan: Plan, index: FileHashIndex) throws(DiagnosticList) {
        var hashes = [String: String]()
        var listed = [(path: String, hash: String)]()
        var problems = [Diagnostic]()
        for file in plan.steps.flatMap(\.files) where hashes[file.url.path] == nil {
            do {
                let hash = try index.hash(of: file.url)
                hashes[file.url.path] = hash
                listed.append((file.url.path, hash))
            } catch {
                problems.append(Diagnostic("cannot read `\(file.path)`: \(error.localizedDescription)", at: file.location))
            }
        }
        for folder in plan.steps.flatMap(\.folders) where hashes[folder.url.path] == nil {
            do {
                let hash = try ContentHash.ofFolder(folder.url, index: index)
                hashes[folder.url.path] = hash
                listed.append((folder.url.path + "/", hash))
            } catch {
                problems.append(Diagnostic("cannot read the folder `\(folder.path)`: \(error.localizedDescription)", at: folder.location))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems.map(plan.template.withExcerpt)) }
        (self.listed, byPath) = (listed.sorted { $0.path < $1.path }, hashes)
    }
}
