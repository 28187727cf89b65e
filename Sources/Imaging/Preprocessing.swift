/// How images become network input (docs: ALGORITHMS.md §7, fact 6): NCHW Float planes of one image.
public enum Preprocessing: String, Sendable, CaseIterable {
    /// torchvision: RGB in [0, 1], then (x − mean) / std per channel with ImageNet statistics.
    case torchvision
    /// Keras "caffe": BGR in 0…255 minus the ImageNet channel means, no scaling.
    case caffe

    static let imagenetMean: [Float] = [0.485, 0.456, 0.406]
    static let imagenetStd: [Float] = [0.229, 0.224, 0.225]
    /// B, G, R means of Keras' `preprocess_input` in caffe mode.
    static let caffeMeansBGR: [Float] = [103.939, 116.779, 123.68]

    /// Three planes, `3 × height × width`, channel order as the network expects.
    public func planes(_ image: Image) -> [Float] {
        let rgb = image.rgb()
        let plane = rgb.width * rgb.height
        var out = [Float](repeating: 0, count: 3 * plane)
        for p in 0..<plane {
            for c in 0..<3 {
                let value = rgb.pixels[p * 3 + c]
                switch self {
                case .torchvision:
                    out[c * plane + p] = (value - Self.imagenetMean[c]) / Self.imagenetStd[c]
                case .caffe:
                    // Channel c of RGB goes to plane 2 − c (BGR order).
                    out[(2 - c) * plane + p] = value * 255 - Self.caffeMeansBGR[2 - c]
                }
            }
        }
        return out
    }
}
