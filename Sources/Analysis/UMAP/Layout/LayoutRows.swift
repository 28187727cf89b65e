import CKernels
import LinearAlgebra

/// How the layout measures and moves the rows of an embedding of one width. The layout's time is its
/// instruction count per sample, so each width gets code without loops over a run-time width where it
/// can: two numbers for the plane, whole SIMD vectors of a padded row otherwise.
protocol LayoutRows: Sendable {
    /// Floats from the start of one row to the next; the floats past the embedding's width are zero
    /// and stay zero (no gradient reaches them).
    var stride: Int { get }

    /// Puts row y in `lane` of the batch (measured from x, keeping what `move` needs) and returns |x − y|².
    func measure(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, lane: Int, in batch: SampleBatch) -> Float

    /// As `measure` for the edge's tail in lane 0, keeping what `move` needs of the tail as it is now:
    /// `moveTail` moves it before `move` runs.
    func measureTail(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, in batch: SampleBatch) -> Float

    /// The tail's side of the attraction in lane 0: y −= clip(c₀·(x − y))·rate, before x moves.
    func moveTail(_ y: UnsafeMutablePointer<Float>, from x: UnsafePointer<Float>, batch: SampleBatch, rate: Float)

    /// x += rate · Σ clip(cᵢ·(x − yᵢ)) over the batch's first `lanes` lanes.
    func move(_ x: UnsafeMutablePointer<Float>, batch: SampleBatch, lanes: Int, rate: Float)
}

/// umap-learn's `clip`: to ±4.
@inline(__always) func clip(_ x: Float) -> Float { min(max(x, -4), 4) }
