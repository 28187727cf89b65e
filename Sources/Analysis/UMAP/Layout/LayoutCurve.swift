/// The numbers the layout's gradients need from the a/b curve, in Float.
struct LayoutCurve {
    let a: Float, b: Float
    /// −2ab and 2γb.
    let attraction: Float, repulsion: Float

    init(_ curve: CurveParameters, repulsionStrength: Double) {
        a = Float(curve.a)
        b = Float(curve.b)
        attraction = -2 * a * b
        repulsion = Float(2 * repulsionStrength) * b
    }
}
