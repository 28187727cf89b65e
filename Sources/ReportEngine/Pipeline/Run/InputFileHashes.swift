/// The content hashes of every input file and folder a plan names, through the file-hash index: what
/// the keys read, and what the manifest lists.
struct InputFileHashes {
    /// By absolute path (a folder's listed path ends in `/`), sorted.
    let listed: [(path: String, hash: String)]
    /// By the path the steps hold.
    let byPath: [String: String]
    /// Each input folder's files (path inside it → content hash), by the folder's path: what its hash
    /// was made of, kept for `litmus status` and `run.json`'s changes.
    let folderFiles: [String: [String: String]]

    init(_ plan: Plan, index: FileHashIndex) throws(DiagnosticList) {
        var hashes = [String: String]()
        var listed = [(path: String, hash: String)]()
        var folderFiles = [String: [String: String]]()
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
                let files = try ContentHash.folderListing(folder.url, index: index)
                let hash = ContentHash.ofFolder(listing: files)
                hashes[folder.url.path] = hash
                folderFiles[folder.url.path] = Dictionary(files.map { ($0.path, $0.hash) }, uniquingKeysWith: { a, _ in a })
                listed.append((folder.url.path + "/", hash))
            } catch {
                problems.append(Diagnostic("cannot read the folder `\(folder.path)`: \(error.localizedDescription)", at: folder.location))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems.map(plan.template.withExcerpt)) }
        (self.listed, byPath, self.folderFiles) = (listed.sorted { $0.path < $1.path }, hashes, folderFiles)
    }
}
