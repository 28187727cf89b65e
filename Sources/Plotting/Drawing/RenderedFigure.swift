/// The bytes of a drawn figure.
public struct RenderedFigure: Sendable, Equatable {
    public let png: [UInt8]
    public let svg: [UInt8]
    public let pixelWidth: Int
    public let pixelHeight: Int

    public init(png: [UInt8], svg: [UInt8], pixelWidth: Int, pixelHeight: Int) {
        (self.png, self.svg, self.pixelWidth, self.pixelHeight) = (png, svg, pixelWidth, pixelHeight)
    }
}
