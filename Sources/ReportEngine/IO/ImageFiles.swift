import Foundation
import Imaging

/// Decoding an image a step names, with the error a user can act on: the file, what is wrong, what to do.
enum ImageFiles {
    static func decode(_ path: String, reading: ImageReading, option: String,
                       advice: String = "replace the file or leave it out of the dataset") throws -> Image {
        do {
            return try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: path), reading: reading).image
        } catch let error as ImageError {
            throw DirectiveError("image `\(path)`: \(error); \(advice)", option: option)
        } catch {
            throw DirectiveError("image `\(path)` cannot be read: \(error.localizedDescription)", option: option)
        }
    }
}
