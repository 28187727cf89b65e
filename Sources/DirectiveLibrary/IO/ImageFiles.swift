import Foundation
import Imaging
import LinearAlgebra
import ReportEngine

/// Decoding an image a step names, with the error a user can act on: the file, what is wrong, what to do.
enum ImageFiles {
    /// The image file of each item id of a `dataset` or `combine` result (its `id` and `file` columns).
    static func paths(in value: Value, option: String) throws(DirectiveError) -> [String: String] {
        guard case .table(let catalog) = value.resolvingPrimary, case .strings(let ids)? = catalog["id"], case .strings(let files)? = catalog["file"]
        else {
            throw DirectiveError("`\(option)` must name `dataset` or `combine` results (they hold the images' files)", option: option)
        }
        return Dictionary(zip(ids, files), uniquingKeysWith: { first, _ in first })
    }

    /// An image file's content hash, what a sharded step's item is (`RunContext.itemKey`); an unreadable
    /// file is an error naming it and the option it came through.
    static func contentHash(_ path: String, context: RunContext, option: String) throws(DirectiveError) -> String {
        do { return try context.hash(of: URL(fileURLWithPath: path)) } catch {
            throw DirectiveError("cannot read image `\(path)`: \(error.localizedDescription)", option: option)
        }
    }

    static func decode(
        _ path: String, reading: ImageReading, option: String,
        advice: String = "replace the file or leave it out of the dataset"
    ) throws -> Image {
        do {
            return try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: path), reading: reading).image
        } catch let error as ImageError {
            throw DirectiveError("image `\(path)`: \(error); \(advice)", option: option)
        } catch {
            throw DirectiveError("image `\(path)` cannot be read: \(error.localizedDescription)", option: option)
        }
    }

    /// Decodes and prepares several images at once, one per core (a compressed DICOM file takes longer to
    /// decode than VGG19 takes to run on it). Each result depends only on its file; the error thrown is
    /// that of the first failing file in `paths` order, whatever finished first.
    static func decodeAll<Output: Sendable>(
        _ paths: [String], reading: ImageReading, option: String,
        advice: String = "replace the file or leave it out of the dataset",
        _ prepare: @Sendable @escaping (Image) -> Output
    ) throws -> [Output] {
        try Parallel.map(paths.count, workers: Parallel.cores) { i in
            Result { prepare(try decode(paths[i], reading: reading, option: option, advice: advice)) }
        }.map { try $0.get() }
    }
}
