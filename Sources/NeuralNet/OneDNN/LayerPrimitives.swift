import CDNNL

/// How a 3×3 convolution is computed.
public enum ConvolutionAlgorithm: String, Sendable {
    /// Winograd F(4×4, 3×3): oneDNN has it for f32 on AVX-512 only.
    case winograd
    case direct
}

/// One operation of a network as a oneDNN primitive, with what it reads besides its source.
struct Stage {
    let primitive: DNNLPrimitive
    /// Weights, bias: fixed memories shared by every execution.
    let constants: [(Int32, DNNLMemory)]
    var source: dnnl_memory_desc_t { primitive.memory(dnnl_query_src_md) }
    var destination: dnnl_memory_desc_t { primitive.memory(dnnl_query_dst_md) }
}

/// Builds VGG19's layers as primitives: convolutions with their weights reordered once into the layout
/// the primitive asks for, max-pools, reorders.
struct LayerFactory {
    let engine: DNNLEngine
    let precision: Precision

    /// A 3×3, stride-1, padding-1 convolution (+ ReLU) on a `height × width` input; Winograd falls back to
    /// direct where oneDNN has no Winograd for the precision and CPU. Source and destination layouts are
    /// oneDNN's choice.
    func convolution(
        _ conv: Convolution3x3, height: Int, width: Int, algorithm: ConvolutionAlgorithm,
        training: Bool = false
    ) throws(DNNLError) -> Stage {
        let type = precision.dataType
        let source = try MemoryDescriptor.image(channels: conv.inputChannels, height: height, width: width, type: type)
        let weights = try MemoryDescriptor.make([conv.outputChannels, conv.inputChannels, 3, 3], type: type, tag: dnnl_format_tag_any)
        let bias = try MemoryDescriptor.make([conv.outputChannels], type: dnnl_f32, tag: dnnl_x)
        let destination = try MemoryDescriptor.image(channels: conv.outputChannels, height: height, width: width, type: type)
        let what =
            "create the \(algorithm.rawValue) convolution \(conv.inputChannels) → \(conv.outputChannels) at \(width) × \(height) (\(precision.rawValue))"
        func make(_ algorithm: ConvolutionAlgorithm) throws(DNNLError) -> DNNLPrimitive {
            var descriptor = dnnl_convolution_desc_t()
            var (s, w, b, d) = (source, weights, bias, destination)
            try DNNLError.check(
                dnnl_convolution_forward_desc_init(
                    &descriptor, training ? dnnl_forward_training : dnnl_forward_inference,
                    algorithm == .winograd ? dnnl_convolution_winograd : dnnl_convolution_direct,
                    &s, &w, &b, &d, [1, 1], [1, 1], [1, 1]), what)
            return try DNNLPrimitive(descriptor, engine: engine, relu: true, what: what)
        }
        let primitive: DNNLPrimitive
        if algorithm == .winograd, let winograd = try? make(.winograd) { primitive = winograd } else { primitive = try make(.direct) }
        let reordered = try weightsMemory(
            conv.weight, shape: [conv.outputChannels, conv.inputChannels, 3, 3],
            into: primitive.memory(dnnl_query_weights_md))
        let biasMemory = try DNNLMemory(bias, engine: engine)
        conv.bias.withUnsafeBytes { biasMemory.data.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return Stage(primitive: primitive, constants: [(DNNL_ARG_WEIGHTS, reordered), (DNNL_ARG_BIAS, biasMemory)])
    }

    /// Plain OIHW f32 weights reordered (and converted, and Winograd-transformed) into `layout`.
    func weightsMemory(_ values: [Float], shape: [Int], into layout: dnnl_memory_desc_t) throws(DNNLError) -> DNNLMemory {
        let plain = try DNNLMemory(try MemoryDescriptor.make(shape, type: dnnl_f32, tag: dnnl_oihw), engine: engine)
        values.withUnsafeBytes { plain.data.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let target = try DNNLMemory(layout, engine: engine)
        let reorder = try DNNLPrimitive(reorderFrom: plain.descriptor, to: layout, engine: engine, userScratchpad: false)
        let stream = try DNNLStream(engine)
        try reorder.execute(stream, [(DNNL_ARG_FROM, plain), (DNNL_ARG_TO, target)])
        try stream.wait()
        return target
    }

    /// 2×2 max-pool, stride 2, floor mode, keeping the source's layout.
    func maxPool(source: dnnl_memory_desc_t, channels: Int, height: Int, width: Int, training: Bool = false) throws(DNNLError) -> Stage {
        var descriptor = dnnl_pooling_v2_desc_t()
        var s = source
        var d = try MemoryDescriptor.image(channels: channels, height: height / 2, width: width / 2, type: precision.dataType)
        let what = "create a max-pool of \(channels) channels at \(width) × \(height)"
        try DNNLError.check(
            dnnl_pooling_v2_forward_desc_init(
                &descriptor, training ? dnnl_forward_training : dnnl_forward_inference, dnnl_pooling_max, &s, &d,
                [2, 2], [2, 2], [0, 0], [0, 0], [0, 0]), what)
        return Stage(primitive: try DNNLPrimitive(descriptor, engine: engine, what: what), constants: [])
    }

    /// VGG19's layers up to `block`'s max-pool as stages, starting from f32 CHW: a reorder first, and one
    /// wherever a layer asks for another layout than the previous one gives.
    /// - Parameter trainingAfter: convolutions after this one (and pools after it) are created for
    ///   training, so that their backward passes can be built on them (Grad-CAM).
    func forward(
        _ network: VGG19, height: Int, width: Int, block: Int = 5, trainingAfter: Int? = nil,
        algorithm: (Int) -> ConvolutionAlgorithm = VGG19.preferredAlgorithm
    ) throws(DNNLError) -> ForwardLayers {
        var layers = ForwardLayers()
        var shape: ForwardLayers.Shape = (3, height, width)
        var current = try MemoryDescriptor.image(channels: 3, height: height, width: width, type: dnnl_f32, tag: dnnl_nchw)
        var next = 0
        var pools = 0
        for outputs in VGG19.configuration {
            let training = trainingAfter.map { next > $0 } ?? false
            let (stage, kind): (Stage, ForwardLayers.Kind)
            if outputs == 0 {
                stage = try maxPool(source: current, channels: shape.channels, height: shape.height, width: shape.width, training: training)
                kind = .pool(shape)
                (shape.height, shape.width, pools) = (shape.height / 2, shape.width / 2, pools + 1)
            } else {
                stage = try convolution(
                    network.convolutions[next], height: shape.height, width: shape.width,
                    algorithm: algorithm(next), training: training)
                kind = .convolution(next)
                (shape.channels, next) = (outputs, next + 1)
            }
            if layers.stages.isEmpty || !MemoryDescriptor.equal(current, stage.source) {
                layers.append(try reorder(from: current, to: stage.source), kind: .reorder, shape: layers.shapes.last ?? (3, height, width))
            }
            layers.append(stage, kind: kind, shape: shape)
            current = stage.destination
            if pools == block { break }
        }
        return layers
    }

    func reorder(from source: dnnl_memory_desc_t, to target: dnnl_memory_desc_t) throws(DNNLError) -> Stage {
        Stage(primitive: try DNNLPrimitive(reorderFrom: source, to: target, engine: engine), constants: [])
    }
}

/// A network's forward stages, what each is, and the shape of each one's output.
struct ForwardLayers {
    typealias Shape = (channels: Int, height: Int, width: Int)

    enum Kind { case reorder, convolution(Int), pool(Shape) }

    private(set) var stages = [Stage]()
    private(set) var kinds = [Kind]()
    private(set) var shapes = [Shape]()

    mutating func append(_ stage: Stage, kind: Kind, shape: Shape) {
        stages.append(stage)
        kinds.append(kind)
        shapes.append(shape)
    }

    /// The stage of convolution `index`.
    func stage(ofConvolution index: Int) -> Int? {
        kinds.firstIndex { if case .convolution(index) = $0 { true } else { false } }
    }

    /// oneDNN's implementation of each convolution, in order.
    var implementations: [String] {
        zip(stages, kinds).compactMap { stage, kind in if case .convolution = kind { stage.primitive.implementation } else { nil } }
    }
}
