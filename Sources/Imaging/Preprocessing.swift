/// How an image becomes network input, each pipeline as its reference library computes it (docs:
/// docs/algorithms.md, "VGG19 and preprocessing"; docs/guide.md "Preprocessing"): NCHW Float planes of one image.
public enum Preprocessing: String, Sendable, CaseIterable {
    /// torchvision's PIL path — `Resize((size, size))` on the 8-bit RGB image (Pillow's antialiased
    /// bilinear, rounded to 8 bits), `ToTensor()` (/255), `Normalize` with ImageNet mean and std.
    case torchvision
    /// Keras — `load_img(target_size=(size, size))` (8-bit RGB, Pillow's nearest neighbour) then
    /// `preprocess_input` in caffe mode: BGR in 0…255 minus the ImageNet channel means. The seed study's.
    case keras
    /// Keras' caffe normalisation after Litmus's float antialiased bilinear resize (no 8-bit rounding).
    case caffe

    static let imagenetMean: [Float] = [0.485, 0.456, 0.406]
    static let imagenetStd: [Float] = [0.229, 0.224, 0.225]
    /// B, G, R means of Keras' `preprocess_input` in caffe mode.
    static let caffeMeansBGR: [Float] = [103.939, 116.779, 123.68]

    /// One line per pipeline for the directive reference.
    public static let documentation =
        "`torchvision` (Pillow bilinear resize rounded to 8 bits, /255, ImageNet mean/std), "
        + "`keras` (Pillow nearest-neighbour resize as `load_img`, BGR minus the caffe means: the seed study's), "
        + "or `caffe` (float bilinear resize, then Keras' caffe normalisation)"

    /// The network input for `image`: resized to side × side as the pipeline does, three planes
    /// (`3 × side × side`) in the channel order the network expects.
    public func input(_ image: Image, side: Int) -> [Float] {
        // Pillow resamples R, G and B alike: a grey image (R = G = B) is resampled once and replicated.
        let channels = image.channels
        func rgb(_ resized: [UInt8]) -> [UInt8] { channels == 3 ? resized : resized.flatMap { [$0, $0, $0] } }
        switch self {
        case .torchvision:
            let resized = PILResample.bilinear(
                Self.levels(image), width: image.width, height: image.height, channels: channels,
                toWidth: side, toHeight: side)
            return Self.planes(rgb(resized), side: side) { c, value in (Float(value) / 255 - Self.imagenetMean[c]) / Self.imagenetStd[c] }
        case .keras:
            let resized = PILResample.nearest(
                Self.levels(image), width: image.width, height: image.height, channels: channels,
                toWidth: side, toHeight: side)
            return Self.caffe(rgb(resized).map(Float.init), side: side)
        case .caffe:
            let resized = Resampler().resize(image, width: side, height: side).rgb()
            return Self.caffe(resized.pixels.map { $0 * 255 }, side: side)
        }
    }

    /// Each sample rounded to 8 bits, channels as they are: the image as Pillow holds it (exact for 8-bit
    /// files; 16-bit and DICOM images are rounded to the nearest of 256 levels).
    static func levels(_ image: Image) -> [UInt8] {
        image.pixels.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
    }

    private static func planes(_ rgb: [UInt8], side: Int, _ value: (Int, UInt8) -> Float) -> [Float] {
        let plane = side * side
        var out = [Float](repeating: 0, count: 3 * plane)
        for p in 0..<plane { for c in 0..<3 { out[c * plane + p] = value(c, rgb[p * 3 + c]) } }
        return out
    }

    /// RGB in 0…255 to BGR planes minus the caffe means.
    private static func caffe(_ rgb: [Float], side: Int) -> [Float] {
        let plane = side * side
        var out = [Float](repeating: 0, count: 3 * plane)
        for p in 0..<plane { for c in 0..<3 { out[(2 - c) * plane + p] = rgb[p * 3 + c] - caffeMeansBGR[2 - c] } }
        return out
    }
}
