import CDNNL
import Foundation
import LinearAlgebra

/// VGG19 up to the max-pool of one block, as oneDNN primitives for one input size and precision. The
/// weights are reordered once, here; activations stay in oneDNN's blocked layouts from the input's
/// reorder to the output's.
public final class CompiledVGG19: @unchecked Sendable {
    public let height: Int
    public let width: Int
    public let block: Int
    public let precision: Precision
    /// The input reorder, the layers (and any reorder between two of them), the output reorder to f32 CHW.
    let stages: [Stage]
    let outputShape: (channels: Int, height: Int, width: Int)
    /// oneDNN's implementation of each convolution, e.g. "jit_wino_4x3:avx512_core".
    public let implementations: [String]
    let engine: DNNLEngine

    /// - Parameter algorithm: how each convolution (0…15) is computed; Winograd falls back to direct
    ///   where oneDNN has none.
    public init(
        _ network: VGG19, height: Int, width: Int, block: Int = 5, precision: Precision = .f32,
        algorithm: (Int) -> ConvolutionAlgorithm = VGG19.preferredAlgorithm
    ) throws {
        precondition((1...5).contains(block), "VGG19 has blocks 1…5")
        try precision.checkSupported()
        OpenMPThreads.useOneForThisThread()
        let engine = try DNNLEngine.cpu.get()
        let factory = LayerFactory(engine: engine, precision: precision)
        let layers = try factory.forward(network, height: height, width: width, block: block, algorithm: algorithm)
        let shape = layers.shapes.last!
        let stages =
            layers.stages + [
                try factory.reorder(
                    from: layers.stages.last!.destination,
                    to: try MemoryDescriptor.image(
                        channels: shape.channels, height: shape.height, width: shape.width, type: dnnl_f32, tag: dnnl_nchw))
            ]
        (self.height, self.width, self.block, self.precision, self.engine) = (height, width, block, precision, engine)
        (self.stages, implementations, outputShape) = (stages, layers.implementations, shape)
    }

    /// The pooled map of `block` (f32, CHW).
    public func featureMap(_ input: Tensor) throws -> Tensor {
        OpenMPThreads.useOneForThisThread()
        return try featureMap(input, in: try Workspace(self))
    }

    /// The feature vector: the map averaged over positions (512-d for blocks 4 and 5).
    public func features(_ input: Tensor) throws -> [Float] { try featureMap(input).channelMeans() }

    /// The feature vectors of several images, one image per core at a time, each on one thread: each
    /// image's bits are those of `features(_:)` alone, whatever the core count. Measured faster than one
    /// image on all cores (BENCHMARKS.md). Memory: two activation buffers per core.
    public func features(ofBatch inputs: [Tensor]) throws -> [[Float]] {
        try PerCoreBatch.map(inputs.count, workspace: { try Workspace(self) }) { i, workspace in
            try self.featureMap(inputs[i], in: workspace).channelMeans()
        }
    }

    private func featureMap(_ input: Tensor, in workspace: Workspace) throws -> Tensor {
        precondition(
            input.channels == 3 && input.height == height && input.width == width,
            "compiled for 3 × \(height) × \(width), given \(input.channels) × \(input.height) × \(input.width)")
        var output = Tensor(channels: outputShape.channels, height: outputShape.height, width: outputShape.width)
        try input.values.withUnsafeBufferPointer { source in
            try output.values.withUnsafeMutableBufferPointer { target in
                try workspace.sources[0].point(at: UnsafeMutableRawPointer(mutating: source.baseAddress!))
                try workspace.destinations[stages.count - 1].point(at: UnsafeMutableRawPointer(target.baseAddress!))
                for (i, stage) in stages.enumerated() {
                    var arguments = [(DNNL_ARG_SRC, workspace.sources[i]), (DNNL_ARG_DST, workspace.destinations[i])] + stage.constants
                    if let scratchpad = workspace.scratchpads[i] { arguments.append((DNNL_ARG_SCRATCHPAD, scratchpad)) }
                    try stage.primitive.execute(workspace.stream, arguments)
                }
                try workspace.stream.wait()
            }
        }
        return output
    }

    /// One thread's memory for a forward pass: a stream, two activation buffers that the stages write in
    /// turn (stage i reads buffer i mod 2 and writes the other), one scratchpad.
    final class Workspace {
        let stream: DNNLStream
        let buffers: [AlignedBuffer]
        let scratch: AlignedBuffer
        let sources: [DNNLMemory], destinations: [DNNLMemory], scratchpads: [DNNLMemory?]

        init(_ network: CompiledVGG19) throws(DNNLError) {
            let (stages, engine) = (network.stages, network.engine)
            stream = try DNNLStream(engine)
            let largest = stages.map { max(MemoryDescriptor.size($0.source), MemoryDescriptor.size($0.destination)) }.max() ?? 0
            buffers = [AlignedBuffer(byteCount: largest), AlignedBuffer(byteCount: largest)]
            scratch = AlignedBuffer(byteCount: stages.map(\.primitive.scratchpadSize).max() ?? 0)
            var (sources, destinations, scratchpads) = ([DNNLMemory](), [DNNLMemory](), [DNNLMemory?]())
            for (i, stage) in stages.enumerated() {
                let source = try DNNLMemory(stage.source, engine: engine, allocate: false)
                let destination = try DNNLMemory(stage.destination, engine: engine, allocate: false)
                // The first stage reads the caller's input and the last writes the caller's output.
                if i > 0 { try source.point(at: buffers[i % 2].pointer) }
                if i < stages.count - 1 { try destination.point(at: buffers[(i + 1) % 2].pointer) }
                sources.append(source)
                destinations.append(destination)
                if stage.primitive.scratchpadSize > 0 {
                    let scratchpad = try DNNLMemory(stage.primitive.memory(dnnl_query_scratchpad_md), engine: engine, allocate: false)
                    try scratchpad.point(at: scratch.pointer)
                    scratchpads.append(scratchpad)
                } else {
                    scratchpads.append(nil)
                }
            }
            (self.sources, self.destinations, self.scratchpads) = (sources, destinations, scratchpads)
        }
    }
}

extension VGG19 {
    /// This network as oneDNN primitives for `height × width` inputs.
    public func compiled(height: Int, width: Int, block: Int = 5, precision: Precision = .f32) throws -> CompiledVGG19 {
        try CompiledVGG19(self, height: height, width: width, block: block, precision: precision)
    }
}
