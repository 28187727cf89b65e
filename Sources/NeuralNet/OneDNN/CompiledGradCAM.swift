import CDNNL
import Foundation
import LinearAlgebra

/// Grad-CAM's passes on oneDNN for one input size and precision: forward to the explained convolution
/// (inference), on to the pooled map keeping what the reverse pass reads (training: every later
/// activation, the max-pools' workspaces), then back from the target through oneDNN's ReLU backward,
/// backward-data convolution and max-pool backward.
public final class CompiledGradCAM: @unchecked Sendable {
    /// The explained convolution (the plain weights are not kept: they are only read while compiling).
    public let layer: Int
    public let height: Int
    public let width: Int
    public let precision: Precision
    let engine: DNNLEngine
    /// The input reorder, then the layers (and any reorder between two), as in `CompiledVGG19`.
    let forward: [Stage]
    /// The forward stage whose output is the explained activations.
    let explained: Int
    /// Reverse steps, from the last forward stage back to the one after `explained`.
    let backward: [BackwardStep]
    /// Plain f32 CHW in and out: the target's gradient in, the results out.
    let seed: Stage, activationsOut: Stage, gradientOut: Stage, mapOut: Stage
    let mapShape: Shape, explainedShape: Shape

    typealias Shape = ForwardLayers.Shape

    /// What a reverse step reads.
    enum Operand {
        /// The gradient coming back: the previous reverse step's output (the seed for the first).
        case incoming
        /// Forward stage i's output (a ReLU's backward reads it).
        case activation(Int)
        /// Forward stage i's workspace (where each max-pool window's maximum was).
        case workspace(Int)
        case constant(DNNLMemory)
    }

    struct BackwardStep {
        let primitive: DNNLPrimitive
        let arguments: [(Int32, Operand)]
        /// Where it writes the gradient (DIFF_SRC, or TO for a reorder).
        let outputArgument: Int32
        let output: dnnl_memory_desc_t
    }

    public init(_ cam: GradCAM, height: Int, width: Int, precision: Precision = .f32) throws {
        try precision.checkSupported()
        OpenMPThreads.useOneForThisThread()
        let engine = try DNNLEngine.cpu.get()
        let factory = LayerFactory(engine: engine, precision: precision)
        let layers = try factory.forward(cam.network, height: height, width: width, trainingAfter: cam.layer)
        let (forward, kinds) = (layers.stages, layers.kinds)
        let explained = layers.stage(ofConvolution: cam.layer)!
        let explainedShape = layers.shapes[explained]
        let current = forward.last!.destination
        var backward = [BackwardStep]()
        for index in stride(from: forward.count - 1, to: explained, by: -1) {
            let stage = forward[index]
            switch kinds[index] {
            case .convolution(let convolution):
                backward.append(try Self.reluBackward(of: index, stage, engine: engine))
                backward.append(try Self.dataBackward(of: stage, cam.network.convolutions[convolution], factory: factory))
            case .pool(let shape):
                backward.append(try Self.poolBackward(of: index, stage, shape, engine: engine))
            case .reorder:
                let reorder = try DNNLPrimitive(reorderFrom: stage.destination, to: stage.source, engine: engine)
                backward.append(
                    BackwardStep(
                        primitive: reorder, arguments: [(DNNL_ARG_FROM, .incoming)], outputArgument: DNNL_ARG_TO,
                        output: stage.source))
            }
        }
        func plain(_ shape: Shape) throws(DNNLError) -> dnnl_memory_desc_t {
            try MemoryDescriptor.image(channels: shape.channels, height: shape.height, width: shape.width, type: dnnl_f32, tag: dnnl_nchw)
        }
        let mapShape = layers.shapes.last!
        seed = try factory.reorder(from: try plain(mapShape), to: current)
        mapOut = try factory.reorder(from: current, to: try plain(mapShape))
        activationsOut = try factory.reorder(from: forward[explained].destination, to: try plain(explainedShape))
        gradientOut = try factory.reorder(from: backward.last?.output ?? current, to: try plain(explainedShape))
        (self.layer, self.height, self.width, self.precision, self.engine) = (cam.layer, height, width, precision, engine)
        (self.forward, self.explained, self.backward) = (forward, explained, backward)
        (self.mapShape, self.explainedShape) = (mapShape, explainedShape)
    }

    // MARK: Reverse steps

    /// ReLU's backward from its output (the convolution's, ReLU fused): the gradient where it is positive.
    private static func reluBackward(of index: Int, _ stage: Stage, engine: DNNLEngine) throws(DNNLError) -> BackwardStep {
        let what = "create a ReLU backward"
        var data = stage.destination
        var forwardDescriptor = dnnl_eltwise_desc_t()
        var backwardDescriptor = dnnl_eltwise_desc_t()
        try DNNLError.check(
            dnnl_eltwise_forward_desc_init(
                &forwardDescriptor, dnnl_forward_training, dnnl_eltwise_relu_use_dst_for_bwd,
                &data, 0, 0), what)
        let hint = try DNNLPrimitive(forwardDescriptor, engine: engine, what: what)
        var diff = stage.destination
        try DNNLError.check(dnnl_eltwise_backward_desc_init(&backwardDescriptor, dnnl_eltwise_relu_use_dst_for_bwd, &diff, &data, 0, 0), what)
        let primitive = try DNNLPrimitive(backwardDescriptor, engine: engine, hint: hint, what: what)
        return BackwardStep(
            primitive: primitive, arguments: [(DNNL_ARG_DST, .activation(index)), (DNNL_ARG_DIFF_DST, .incoming)],
            outputArgument: DNNL_ARG_DIFF_SRC, output: primitive.memory(dnnl_query_diff_src_md))
    }

    /// The convolution's backward-data pass, with the gradients in the forward pass's layouts and the
    /// weights reordered once into the layout it asks for.
    private static func dataBackward(of stage: Stage, _ conv: Convolution3x3, factory: LayerFactory) throws(DNNLError) -> BackwardStep {
        var (diffSource, diffDestination) = (stage.source, stage.destination)
        var weights = try MemoryDescriptor.make(
            [conv.outputChannels, conv.inputChannels, 3, 3], type: factory.precision.dataType,
            tag: dnnl_format_tag_any)
        let what = "create the backward-data convolution \(conv.outputChannels) → \(conv.inputChannels) (\(factory.precision.rawValue))"
        func make(_ algorithm: dnnl_alg_kind_t) throws(DNNLError) -> DNNLPrimitive {
            var descriptor = dnnl_convolution_desc_t()
            try DNNLError.check(
                dnnl_convolution_backward_data_desc_init(
                    &descriptor, algorithm, &diffSource, &weights, &diffDestination,
                    [1, 1], [1, 1], [1, 1]), what)
            return try DNNLPrimitive(descriptor, engine: factory.engine, hint: stage.primitive, what: what)
        }
        let isWinograd = stage.primitive.implementation.contains("wino")
        let primitive: DNNLPrimitive
        if isWinograd, let winograd = try? make(dnnl_convolution_winograd) {
            primitive = winograd
        } else {
            primitive = try make(dnnl_convolution_direct)
        }
        let reordered = try factory.weightsMemory(
            conv.weight, shape: [conv.outputChannels, conv.inputChannels, 3, 3],
            into: primitive.memory(dnnl_query_weights_md))
        return BackwardStep(
            primitive: primitive, arguments: [(DNNL_ARG_DIFF_DST, .incoming), (DNNL_ARG_WEIGHTS, .constant(reordered))],
            outputArgument: DNNL_ARG_DIFF_SRC, output: primitive.memory(dnnl_query_diff_src_md))
    }

    /// Max-pool backward: each window's gradient to where its forward pass found the maximum.
    private static func poolBackward(of index: Int, _ stage: Stage, _ shape: Shape, engine: DNNLEngine) throws(DNNLError) -> BackwardStep {
        var (diffSource, diffDestination) = (stage.source, stage.destination)
        var descriptor = dnnl_pooling_v2_desc_t()
        let what = "create a max-pool backward of \(shape.channels) channels at \(shape.width) × \(shape.height)"
        try DNNLError.check(
            dnnl_pooling_v2_backward_desc_init(
                &descriptor, dnnl_pooling_max, &diffSource, &diffDestination,
                [2, 2], [2, 2], [0, 0], [0, 0], [0, 0]), what)
        let primitive = try DNNLPrimitive(descriptor, engine: engine, hint: stage.primitive, what: what)
        return BackwardStep(
            primitive: primitive, arguments: [(DNNL_ARG_DIFF_DST, .incoming), (DNNL_ARG_WORKSPACE, .workspace(index))],
            outputArgument: DNNL_ARG_DIFF_SRC, output: primitive.memory(dnnl_query_diff_src_md))
    }

    // MARK: Running

    /// One image's Grad-CAM.
    public func map(_ input: Tensor, target: GradCAM.Target) throws -> GradCAM.Map {
        try GradCAM.validate(input, target: target)
        OpenMPThreads.useOneForThisThread()
        return try map(input, target: target, in: try Workspace(self))
    }

    /// Several images' maps, one image per core at a time, each on one thread (as `CompiledVGG19`).
    public func maps(ofBatch inputs: [Tensor], target: GradCAM.Target) throws -> [GradCAM.Map] {
        for input in inputs { try GradCAM.validate(input, target: target) }
        return try PerCoreBatch.map(inputs.count, workspace: { try Workspace(self) }) { i, workspace in
            try self.map(inputs[i], target: target, in: workspace)
        }
    }

    private func map(_ input: Tensor, target: GradCAM.Target, in workspace: Workspace) throws -> GradCAM.Map {
        let (activations, gradient, features) = try pass(input, target: target, in: workspace)
        return GradCAM.map(activations: activations, gradient: gradient, features: features, height: height, width: width)
    }

    /// The explained activations, their gradient, and the pooled map's channel means (the features).
    func pass(_ input: Tensor, target: GradCAM.Target) throws -> (activations: Tensor, gradient: Tensor, features: [Float]) {
        OpenMPThreads.useOneForThisThread()
        return try pass(input, target: target, in: try Workspace(self))
    }

    private func pass(_ input: Tensor, target: GradCAM.Target, in workspace: Workspace) throws
        -> (activations: Tensor, gradient: Tensor, features: [Float])
    {
        precondition(
            input.channels == 3 && input.height == height && input.width == width,
            "compiled for 3 × \(height) × \(width), given \(input.channels) × \(input.height) × \(input.width)")
        let stream = workspace.stream
        func run(_ primitive: DNNLPrimitive, _ arguments: [(Int32, DNNLMemory)]) throws {
            var arguments = arguments
            if let scratchpad = workspace.scratchpads[ObjectIdentifier(primitive)] { arguments.append((DNNL_ARG_SCRATCHPAD, scratchpad)) }
            try primitive.execute(stream, arguments)
        }
        input.values.withUnsafeBytes { workspace.input.data.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        for (i, stage) in forward.enumerated() {
            var arguments = [(DNNL_ARG_SRC, i == 0 ? workspace.input : workspace.outputs[i - 1]), (DNNL_ARG_DST, workspace.outputs[i])]
            if let memory = workspace.workspaces[i] { arguments.append((DNNL_ARG_WORKSPACE, memory)) }
            try run(stage.primitive, arguments + stage.constants)
        }
        // ∂f_c/∂(last map) = 1/(h·w) everywhere; the target weighs the channels.
        let plane = mapShape.height * mapShape.width
        let u = target.weights(count: mapShape.channels)
        let seedValues = (0..<(mapShape.channels * plane)).map { u[$0 / plane] / Float(plane) }
        seedValues.withUnsafeBytes { workspace.plainSeed.data.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        try run(seed.primitive, [(DNNL_ARG_FROM, workspace.plainSeed), (DNNL_ARG_TO, workspace.seed)])
        var incoming = workspace.seed
        for (step, output) in zip(backward, workspace.gradients) {
            let arguments = step.arguments.map { (argument, operand) -> (Int32, DNNLMemory) in
                switch operand {
                case .incoming: (argument, incoming)
                case .activation(let i): (argument, workspace.outputs[i])
                case .workspace(let i): (argument, workspace.workspaces[i]!)
                case .constant(let memory): (argument, memory)
                }
            }
            try run(step.primitive, arguments + [(step.outputArgument, output)])
            incoming = output
        }
        var activations = Tensor(channels: explainedShape.channels, height: explainedShape.height, width: explainedShape.width)
        var gradient = activations
        var map = Tensor(channels: mapShape.channels, height: mapShape.height, width: mapShape.width)
        try copyOut(activationsOut, from: workspace.outputs[explained], into: &activations, stream: stream, run: run)
        try copyOut(gradientOut, from: incoming, into: &gradient, stream: stream, run: run)
        try copyOut(mapOut, from: workspace.outputs[forward.count - 1], into: &map, stream: stream, run: run)
        return (activations, gradient, map.channelMeans())
    }

    /// Reorders `source` into `tensor` (plain f32 CHW), waiting while the tensor's buffer is lent out.
    private func copyOut(
        _ reorder: Stage, from source: DNNLMemory, into tensor: inout Tensor, stream: DNNLStream,
        run: (DNNLPrimitive, [(Int32, DNNLMemory)]) throws -> Void
    ) throws {
        let target = try DNNLMemory(reorder.destination, engine: engine, allocate: false)
        try tensor.values.withUnsafeMutableBytes { buffer in
            try target.point(at: buffer.baseAddress!)
            try run(reorder.primitive, [(DNNL_ARG_FROM, source), (DNNL_ARG_TO, target)])
            try stream.wait()
        }
    }

    /// One thread's memory for Grad-CAM: every forward output (the reverse pass reads them), the
    /// max-pools' workspaces, the gradients, one scratchpad; reused image after image.
    final class Workspace {
        let stream: DNNLStream
        let input: DNNLMemory, outputs: [DNNLMemory], workspaces: [Int: DNNLMemory]
        let plainSeed: DNNLMemory, seed: DNNLMemory, gradients: [DNNLMemory]
        let scratch: AlignedBuffer
        let scratchpads: [ObjectIdentifier: DNNLMemory]

        init(_ cam: CompiledGradCAM) throws(DNNLError) {
            let engine = cam.engine
            stream = try DNNLStream(engine)
            input = try DNNLMemory(cam.forward[0].source, engine: engine)
            var (outputs, workspaces) = ([DNNLMemory](), [Int: DNNLMemory]())
            for (i, stage) in cam.forward.enumerated() {
                outputs.append(try DNNLMemory(stage.destination, engine: engine))
                let workspace = stage.primitive.memory(dnnl_query_workspace_md)
                if MemoryDescriptor.size(workspace) > 0 { workspaces[i] = try DNNLMemory(workspace, engine: engine) }
            }
            (self.outputs, self.workspaces) = (outputs, workspaces)
            plainSeed = try DNNLMemory(cam.seed.source, engine: engine)
            seed = try DNNLMemory(cam.seed.destination, engine: engine)
            var gradients = [DNNLMemory]()
            for step in cam.backward { gradients.append(try DNNLMemory(step.output, engine: engine)) }
            self.gradients = gradients
            let primitives =
                cam.forward.map(\.primitive) + cam.backward.map(\.primitive)
                + [cam.seed, cam.activationsOut, cam.gradientOut, cam.mapOut].map(\.primitive)
            scratch = AlignedBuffer(byteCount: primitives.map(\.scratchpadSize).max() ?? 0)
            var scratchpads = [ObjectIdentifier: DNNLMemory]()
            for primitive in primitives where primitive.scratchpadSize > 0 {
                let memory = try DNNLMemory(primitive.memory(dnnl_query_scratchpad_md), engine: engine, allocate: false)
                try memory.point(at: scratch.pointer)
                scratchpads[ObjectIdentifier(primitive)] = memory
            }
            self.scratchpads = scratchpads
        }
    }
}
