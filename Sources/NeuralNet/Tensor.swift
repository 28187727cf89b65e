/// One image's activations: `channels × height × width` Float, channel planes contiguous (CHW).
public struct Tensor: Sendable, Equatable {
    public let channels: Int
    public let height: Int
    public let width: Int
    public var values: [Float]

    public init(channels: Int, height: Int, width: Int, values: [Float]) {
        precondition(values.count == channels * height * width, "tensor size mismatch")
        (self.channels, self.height, self.width, self.values) = (channels, height, width, values)
    }

    public init(channels: Int, height: Int, width: Int) {
        self.init(channels: channels, height: height, width: width, values: [Float](repeating: 0, count: channels * height * width))
    }

    public subscript(c: Int, y: Int, x: Int) -> Float {
        get { values[(c * height + y) * width + x] }
        set { values[(c * height + y) * width + x] = newValue }
    }

    /// Mean of each channel over all positions (global average pooling).
    public func channelMeans() -> [Float] {
        let plane = height * width
        return (0..<channels).map { c in values[(c * plane)..<((c + 1) * plane)].reduce(0, +) / Float(plane) }
    }
}
