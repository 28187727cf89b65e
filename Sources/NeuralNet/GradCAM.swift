/// Grad-CAM of a scalar function of VGG19's pooled feature vector (there are no classes), as
/// pytorch-grad-cam computes it (docs/algorithms.md, "Grad-CAM"): the gradient of the target with respect to a
/// convolution's activations (after its ReLU), channel weights = the gradient's spatial mean, ReLU of the
/// weighted sum, min–max scaled, bilinearly resized to the input, then ReLU and min–max scaled again.
public struct GradCAM: Sendable {
    /// What the heat map explains: a scalar function of the 512-d pooled feature vector f.
    public enum Target: Sendable, Equatable {
        /// Σ f_c (pytorch-grad-cam tutorials' choice for embeddings).
        case sum
        /// f_k.
        case feature(Int)
        /// f · v, e.g. v = a PCA component (the PCA mean only shifts the target, not its gradient).
        case projection([Float])

        /// ∂target/∂f.
        func weights(count: Int) -> [Float] {
            switch self {
            case .sum: return [Float](repeating: 1, count: count)
            case .feature(let k):
                var u = [Float](repeating: 0, count: count)
                u[k] = 1
                return u
            case .projection(let v): return v
            }
        }
    }

    public let network: VGG19
    /// The convolution (0…15, VGG19.convolutionNames) whose activations are explained.
    public let layer: Int

    /// Keras-style names of VGG19's convolutions, in order: conv1_1 … conv5_4.
    public static let convolutionNames: [String] = {
        let perBlock = [2, 2, 4, 4, 4]
        return perBlock.enumerated().flatMap { block, count in (1...count).map { "conv\(block + 1)_\($0)" } }
    }()

    public init(network: VGG19, layer: Int = 15) {
        precondition((0..<16).contains(layer), "VGG19 has convolutions 0…15")
        (self.network, self.layer) = (network, layer)
    }

    /// The passes as oneDNN primitives for `height × width` inputs; compile once, map many images.
    public func compiled(height: Int, width: Int, precision: Precision = .f32) throws -> CompiledGradCAM {
        try CompiledGradCAM(self, height: height, width: width, precision: precision)
    }

    /// One image's result.
    public struct Map: Sendable {
        /// The layer's activations A (channels × h × w, after ReLU).
        public let activations: Tensor
        /// ∂target/∂A.
        public let gradient: Tensor
        /// α_c: the gradient's spatial mean per channel.
        public let channelWeights: [Float]
        /// The map in [0, 1] at the input's size, row-major.
        public let heatmap: [Float]
        /// The pooled feature vector f of the forward pass.
        public let features: [Float]
    }

    /// One image's map on oneDNN (compiling for its size: to map many, use `compiled` once).
    public func map(_ input: Tensor, target: Target, precision: Precision = .f32) throws -> Map {
        try Self.validate(input, target: target)
        return try compiled(height: input.height, width: input.width, precision: precision).map(input, target: target)
    }

    static func validate(_ input: Tensor, target: Target) throws(GradCAMError) {
        if case .feature(let k) = target, !(0..<512).contains(k) { throw .featureOutOfRange(k) }
        if case .projection(let v) = target, v.count != 512 { throw .vectorLength(v.count) }
        guard input.height >= 32, input.width >= 32 else { throw .inputTooSmall(height: input.height, width: input.width) }
    }

    /// The map from a pass's activations and gradient.
    static func map(activations: Tensor, gradient: Tensor, features: [Float], height: Int, width: Int) -> Map {
        let plane = activations.height * activations.width
        let channelWeights = (0..<gradient.channels).map { c in
            gradient.values[(c * plane)..<((c + 1) * plane)].reduce(0, +) / Float(plane)
        }
        var cam = [Float](repeating: 0, count: plane)
        for c in 0..<activations.channels where channelWeights[c] != 0 {
            let a = channelWeights[c]
            let base = c * plane
            for p in 0..<plane { cam[p] += a * activations.values[base + p] }
        }
        cam = scaled(cam.map { max($0, 0) })
        let resized = resize(cam, width: activations.width, height: activations.height, toWidth: width, toHeight: height)
        return Map(
            activations: activations, gradient: gradient, channelWeights: channelWeights,
            heatmap: scaled(resized.map { max($0, 0) }), features: features)
    }

    /// The reference reverse pass on the im2col layers (Backward.swift), which the oneDNN one is tested
    /// against: forward to the layer, on with the activations each reverse step needs, back from the target.
    func referencePass(_ input: Tensor, target: Target) -> (activations: Tensor, gradient: Tensor, features: [Float]) {
        func convolve(_ index: Int, _ x: Tensor) -> Tensor { network.convolutions[index].forward(x, relu: true) }
        // The layers as (convolution index or nil for a pool), in order.
        var steps = [Int?]()
        var next = 0
        for channels in VGG19.configuration {
            if channels == 0 {
                steps.append(nil)
            } else {
                steps.append(next)
                next += 1
            }
        }
        let targetStep = steps.firstIndex(of: layer)!
        var x = input
        for step in steps[...targetStep] { x = step.map { convolve($0, x) } ?? MaxPool2x2.forward(x) }
        let activations = x
        // Inputs of the later steps (what their reverse passes read), and the last output.
        var saved = [Tensor]()
        for step in steps[(targetStep + 1)...] {
            saved.append(x)
            x = step.map { convolve($0, x) } ?? MaxPool2x2.forward(x)
        }
        let features = x.channelMeans()
        // ∂f_c/∂(last map) = 1/(h·w) everywhere; the target weighs the channels.
        let u = target.weights(count: x.channels)
        let plane = x.height * x.width
        var gradient = Tensor(channels: x.channels, height: x.height, width: x.width)
        for c in 0..<x.channels { for p in 0..<plane { gradient.values[c * plane + p] = u[c] / Float(plane) } }
        var output = x
        for (step, input) in zip(steps[(targetStep + 1)...], saved).reversed() {
            if let index = step {
                gradient = network.convolutions[index].transposed().forward(
                    ReLUBackward.backward(output: output, gradient: gradient),
                    relu: false)
            } else {
                gradient = MaxPool2x2.backward(input: input, gradient: gradient)
            }
            output = input
        }
        return (activations, gradient, features)
    }

    /// (x − min) / (1e-7 + max(x − min)), pytorch-grad-cam's `scale_cam_image` without the resize.
    static func scaled(_ values: [Float]) -> [Float] {
        guard let low = values.min() else { return values }
        let shifted = values.map { $0 - low }
        let high = shifted.max() ?? 0
        return shifted.map { $0 / (1e-7 + high) }
    }

    /// Bilinear resize with half-pixel centres and edge replication (OpenCV `cv2.resize` default for
    /// float images): source coordinate (d + ½)·in/out − ½, clamped to the image.
    public static func resize(_ values: [Float], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [Float] {
        func taps(_ d: Int, _ input: Int, _ output: Int) -> (Int, Int, Float) {
            let s = min(max((Double(d) + 0.5) * Double(input) / Double(output) - 0.5, 0), Double(input - 1))
            let i0 = Int(s.rounded(.down))
            let i1 = min(i0 + 1, input - 1)
            return (i0, i1, Float(s - Double(i0)))
        }
        let columns = (0..<toWidth).map { taps($0, width, toWidth) }
        var result = [Float](repeating: 0, count: toWidth * toHeight)
        for y in 0..<toHeight {
            let (y0, y1, fy) = taps(y, height, toHeight)
            for (x, (x0, x1, fx)) in columns.enumerated() {
                let top = values[y0 * width + x0] * (1 - fx) + values[y0 * width + x1] * fx
                let bottom = values[y1 * width + x0] * (1 - fx) + values[y1 * width + x1] * fx
                result[y * toWidth + x] = top * (1 - fy) + bottom * fy
            }
        }
        return result
    }
}

/// Why a Grad-CAM could not be computed.
public enum GradCAMError: Error, Equatable, CustomStringConvertible {
    case featureOutOfRange(Int)
    case vectorLength(Int)
    case inputTooSmall(height: Int, width: Int)

    public var description: String {
        switch self {
        case .featureOutOfRange(let k): "feature \(k) does not exist; the feature vector has features 0…511"
        case .vectorLength(let n): "the target vector has \(n) values; it must have 512, one per feature (e.g. a PCA component of the features)"
        case .inputTooSmall(let h, let w): "the input is \(w) × \(h) px; VGG19 needs at least 32 × 32"
        }
    }
}
