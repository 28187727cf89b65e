import Foundation
import LinearAlgebra
import NeuralNet

/// Where a step's VGG19 weights come from — a `.safetensors` file or a seed — and how they are loaded.
/// `features` records it in its result so `gradcam` runs the very same network.
struct NetworkSource {
    /// nil: seeded weights.
    let file: URL?
    let seed: UInt64

    /// The network and the key of its weights (the file's content hash, or the seed).
    func load(option: String = "weights", hashing index: FileHashIndex) throws -> (network: VGG19, key: String) {
        guard let file else { return (VGG19.seeded(seed), "vgg19 seeded \(seed)") }
        let hash: String
        do { hash = try index.hash(of: file) } catch {
            throw DirectiveError("cannot read the weights `\(file.path)`: \(error.localizedDescription)", option: option)
        }
        do {
            let network = try VGG19.load(try SafeTensors(try Data(contentsOf: file)),
                                         description: "\(file.lastPathComponent) (sha256 \(hash.prefix(12)))")
            return (network, "vgg19 file \(hash)")
        } catch let error as SafeTensorsError {
            throw DirectiveError("`\(file.lastPathComponent)`: \(error)", option: option)
        }
    }

    /// The fields `features` adds to its result.
    var fields: [Record.Field] {
        [.init("weights_file", .string(file?.path ?? "")), .init("weights_seed", .int(Int(seed)))]
    }

    /// From a `features` result.
    init?(record: Record) {
        guard case .string(let path)? = record["weights_file"], let seed = record["weights_seed"]?.number else { return nil }
        (file, self.seed) = (path.isEmpty ? nil : URL(fileURLWithPath: path), UInt64(seed))
    }

    init(file: URL?, seed: UInt64) { (self.file, self.seed) = (file, seed) }
}
