import CKernels
import LinearAlgebra

/// Scratch space for the samples of one edge visit that are measured from the same head position: up to
/// `SampleBatch.lanes` of them, so that their coefficients are computed in one vectorised pass. Lane 0
/// of an edge's first batch is the edge's tail, the others are negative samples. Owned by one task.
struct SampleBatch {
    static let lanes = 8

    /// |x − yᵢ|² per lane.
    let distances: UnsafeMutablePointer<Float>
    /// The gradient coefficient per lane; zero for a lane not in use.
    let coefficients: UnsafeMutablePointer<Float>
    /// The rows in the batch.
    let samples: UnsafeMutablePointer<UnsafePointer<Float>>
    /// x − yᵢ per lane for the first two components, for the plane.
    let dx: UnsafeMutablePointer<Float>, dy: UnsafeMutablePointer<Float>
    /// A copy of the tail's row before it moves, for rows that keep pointers to their samples.
    let tailCopy: UnsafeMutablePointer<Float>

    init(stride: Int) {
        let lanes = Self.lanes
        distances = .allocate(capacity: lanes)
        distances.initialize(repeating: 0, count: lanes)
        coefficients = .allocate(capacity: lanes)
        coefficients.initialize(repeating: 0, count: lanes)
        dx = .allocate(capacity: lanes)
        dx.initialize(repeating: 0, count: lanes)
        dy = .allocate(capacity: lanes)
        dy.initialize(repeating: 0, count: lanes)
        samples = .allocate(capacity: lanes)
        tailCopy = .allocate(capacity: stride)
        tailCopy.initialize(repeating: 0, count: stride)
    }

    func deallocate() {
        distances.deallocate()
        coefficients.deallocate()
        dx.deallocate()
        dy.deallocate()
        samples.deallocate()
        tailCopy.deallocate()
    }

    /// The repulsion coefficient 2γb / ((0.001 + d²)(a·d²ᵇ + 1)) on every lane at once, then, when lane 0
    /// holds the edge's tail, the attraction coefficient −2ab·d²⁽ᵇ⁻¹⁾ / (a·d²ᵇ + 1) there (zero at distance
    /// zero, where umap-learn does not move the pair); unused lanes get zero. A repelled lane at distance
    /// zero needs no mask: its x − y is zero. In C (CKernels), on one AVX2 register where the CPU has
    /// AVX2, with the bits of `referenceCoefficients`.
    func computeCoefficients(lanes used: Int, tailInFirstLane: Bool, curve: LayoutCurve) {
        litmus_umap_coefficients(
            distances, coefficients, Int32(used), tailInFirstLane ? 1 : 0, curve.a, curve.b,
            curve.attraction, curve.repulsion)
    }

    /// `computeCoefficients` in Swift SIMD, the definition the C kernel's versions are tested against.
    func referenceCoefficients(lanes used: Int, tailInFirstLane: Bool, curve: LayoutCurve) {
        let d2 = UnsafeRawPointer(distances).loadUnaligned(as: FastPower.Lanes.self)
        let power = FastPower.power(d2, curve.b)
        let repulsion = curve.repulsion / ((0.001 + d2) * (curve.a * power + 1))
        UnsafeMutableRawPointer(coefficients).storeBytes(of: repulsion, as: FastPower.Lanes.self)
        if tailInFirstLane {
            let d0 = d2[0]
            let p0 = power[0]
            coefficients[0] = d0 > 0 ? curve.attraction * p0 / (d0 * (curve.a * p0 + 1)) : 0
        }
        for lane in used..<Self.lanes { coefficients[lane] = 0 }
    }

    /// The C kernel in a chosen version (tests compare each with the reference).
    func computeCoefficients(lanes used: Int, tailInFirstLane: Bool, curve: LayoutCurve, isa: VectorISA) {
        litmus_umap_coefficients_isa(
            isa.kernel, distances, coefficients, Int32(used), tailInFirstLane ? 1 : 0, curve.a, curve.b,
            curve.attraction, curve.repulsion)
    }
}
