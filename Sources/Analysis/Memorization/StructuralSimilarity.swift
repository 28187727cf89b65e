/// The mean structural similarity (SSIM, Wang et al. 2004) of two grey images as scikit-image's
/// `structural_similarity(a, b, data_range=…)` computes it by default: 7 × 7 uniform windows, K1 = 0.01,
/// K2 = 0.03, sample (co)variances (× 49/48), the SSIM map averaged without the 3-pixel border, where a
/// window would leave the image. 1 for identical images; near 0 for unrelated ones.
public enum StructuralSimilarity {
    public static let window = 7

    /// - Parameters: `a`, `b` row-major `height × width`, values in a range of width `dataRange`.
    /// - Precondition: equal sizes, both sides at least 7 pixels.
    public static func mean(_ a: [Double], _ b: [Double], width: Int, height: Int, dataRange: Double = 1) -> Double {
        precondition(a.count == width * height && b.count == a.count && width >= window && height >= window)
        let (c1, c2) = ((0.01 * dataRange) * (0.01 * dataRange), (0.03 * dataRange) * (0.03 * dataRange))
        let area = Double(window * window)
        let covarianceScale = area / (area - 1)
        let half = window / 2
        var sum = 0.0
        for y in half..<(height - half) {
            for x in half..<(width - half) {
                var (sa, sb, saa, sbb, sab) = (0.0, 0.0, 0.0, 0.0, 0.0)
                for dy in -half...half {
                    let row = (y + dy) * width
                    for dx in -half...half {
                        let (p, q) = (a[row + x + dx], b[row + x + dx])
                        sa += p
                        sb += q
                        saa += p * p
                        sbb += q * q
                        sab += p * q
                    }
                }
                let (ma, mb) = (sa / area, sb / area)
                let va = covarianceScale * (saa / area - ma * ma)
                let vb = covarianceScale * (sbb / area - mb * mb)
                let vab = covarianceScale * (sab / area - ma * mb)
                sum += ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
            }
        }
        return sum / Double((width - 2 * half) * (height - 2 * half))
    }
}
