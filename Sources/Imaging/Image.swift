/// An image as Float samples in [0, 1], channels interleaved per pixel (grey: 1 channel, colour: 3).
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    /// Row-major, `height × width × channels`.
    public var pixels: [Float]

    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(channels == 1 || channels == 3, "images are grey or RGB")
        precondition(pixels.count == width * height * channels, "pixel count does not match the size")
        (self.width, self.height, self.channels, self.pixels) = (width, height, channels, pixels)
    }

    public subscript(x: Int, y: Int, channel: Int) -> Float {
        pixels[(y * width + x) * channels + channel]
    }

    /// Grey replicated to R = G = B (what PIL's `convert("RGB")` does); colour images as they are.
    public func rgb() -> Image {
        guard channels == 1 else { return self }
        return Image(width: width, height: height, channels: 3, pixels: pixels.flatMap { [$0, $0, $0] })
    }

    /// Luma (ITU-R 601, as PIL's `convert("L")`) for colour images; grey ones as they are.
    public func grey() -> Image {
        guard channels == 3 else { return self }
        let values = stride(from: 0, to: pixels.count, by: 3).map { (i: Int) -> Float in
            let red: Float = 0.299 * pixels[i]
            let green: Float = 0.587 * pixels[i + 1]
            let blue: Float = 0.114 * pixels[i + 2]
            return red + green + blue
        }
        return Image(width: width, height: height, channels: 1, pixels: values)
    }
}
