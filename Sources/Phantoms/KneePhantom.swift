import Foundation
import Imaging
import LinearAlgebra

/// A synthetic AP knee radiograph: femur and tibia with cortical rims and trabecular texture, fibula
/// head, faint patella, soft tissue; the KL grade narrows the joint space, adds osteophytes (KL ≥ 2) and
/// subchondral sclerosis (KL ≥ 3). Deterministic from its seed.
public struct KneePhantom: Sendable {
    public let grade: Int
    public let style: PhantomStyle
    public let subgroup: PhantomSubgroup
    public let seed: UInt64
    public let size: Int

    public init(grade: Int, style: PhantomStyle, subgroup: PhantomSubgroup = .regular, seed: UInt64, size: Int = 256) {
        precondition((0...4).contains(grade), "KL grades are 0…4")
        (self.grade, self.style, self.subgroup, self.seed, self.size) = (grade, style, subgroup, seed, size)
    }

    public func render() -> Image {
        var random = SeededGenerator(seed: seed)
        let n = size
        let s = Float(n)
        func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * Float(random.nextUnit()) }
        // Anatomy varies per image: scale, position, rotation.
        // The anatomy is drawn in units of a 256-pixel image and scaled to the requested size.
        let unit = s / 256
        let scale = uniform(0.9, 1.1) * unit
        let angle = uniform(-0.06, 0.06)
        let cx = s / 2 + uniform(-8, 8) * unit
        let jointY = s * 0.52 + uniform(-8, 8) * unit
        let gap = (9 - 1.7 * Float(grade)) * scale * uniform(0.85, 1.15)  // joint space width, px
        let medialNarrowing = Float(grade) * 0.5
        let trabecular = NoiseField(size: n, cell: 6, octaves: 3, random: &random)
        let soft = NoiseField(size: n, cell: 48, octaves: 2, random: &random)
        let spur = Float(max(0, grade - 1)) * 2.6 * scale
        var pixels = [Float](repeating: 0, count: n * n)
        let (sinA, cosA) = (sin(angle), cos(angle))

        for py in 0..<n {
            for px in 0..<n {
                // Anatomical coordinates: rotated about the joint centre, in units of the scale.
                let dx = Float(px) - cx
                let dy = Float(py) - jointY
                let x = (cosA * dx + sinA * dy) / scale
                let y = (-sinA * dx + cosA * dy) / scale
                // Soft tissue: a leg of width ~0.62 n, brighter in the middle.
                let leg = max(0, 1 - pow(abs(x) / (256 * 0.31), 4))
                var value: Float = 0.08 + 0.22 * leg + 0.02 * soft[px, py]
                let halfGap = gap / 2 / scale
                let femur = femurDepth(x: x, y: y + halfGap + (x < 0 ? medialNarrowing : 0), spur: spur)
                let tibia = tibiaDepth(x: x, y: y - halfGap, spur: spur)
                let fibula = ellipseDepth(x: x - 50, y: y - 44, rx: 11, ry: 14)
                let patella = ellipseDepth(x: x + 2, y: y + 36, rx: 24, ry: 28)
                // Densities add up where bones overlap, as X-ray attenuation does.
                for depth in [femur, tibia, fibula] where depth > 0 {
                    value += depth < 3 ? 0.36 : 0.22 + 0.05 * trabecular[px, py]
                }
                if patella > 0 { value += patella < 2.5 ? 0.06 : 0.035 }
                // Subchondral sclerosis: a dense band under the joint surfaces from KL 3.
                if grade >= 3 && abs(y) < 16 && ((femur > 2 && femur < 10) || (tibia > 2 && tibia < 10)) {
                    value += 0.06 * Float(grade - 2)
                }
                pixels[py * n + px] = value
            }
        }
        var image = Image(width: n, height: n, channels: 1, pixels: pixels)
        // Exposure varies per image too: a little brighter or darker, a little more or less contrast.
        let exposure = uniform(-0.04, 0.04)
        let contrast = uniform(0.92, 1.08)
        image.pixels = image.pixels.map { 0.45 + ($0 - 0.45) * contrast + exposure }
        image = Finish(style: style, subgroup: subgroup).apply(image, random: &random)
        return image
    }

    /// Depth inside the femur (pixels from its edge, ≤ 0 outside): shaft above, two condyles at the joint.
    private func femurDepth(x: Float, y: Float, spur: Float) -> Float {
        let shaft = min(27 - abs(x), -y - 40)
        // The metaphysis flares from the shaft's width to the condyles'.
        let width = 27 + max(0, min(1, (y + 95) / 60)) * 27
        let flare = min(width - abs(x), min(-y - 18, y + 130))
        let medial = ellipseDepth(x: x + 26, y: y + 22, rx: 28, ry: 22)
        let lateral = ellipseDepth(x: x - 26, y: y + 22, rx: 27, ry: 21)
        var depth = max(max(shaft, flare), max(medial, lateral))
        // Osteophytes: spurs pointing outwards from the condyles' margins.
        if spur > 0 {
            for side: Float in [-1, 1] {
                depth = max(depth, ellipseDepth(x: x - side * (52 + spur * 0.5), y: y + 7, rx: spur * 0.9, ry: spur * 0.5))
            }
        }
        return depth
    }

    /// Depth inside the tibia: a plateau with two spines, narrowing to the shaft below.
    private func tibiaDepth(x: Float, y: Float, spur: Float) -> Float {
        // One outline: the plateau's full width down to y = 18, then narrowing to the shaft.
        let width = 58 - max(0, min(1, (y - 18) / 40)) * 31
        let body = min(width - abs(x), min(y, 200 - y))
        let spines = max(ellipseDepth(x: x + 6, y: y, rx: 4, ry: 8), ellipseDepth(x: x - 7, y: y, rx: 4, ry: 7))
        var depth = max(body, spines)
        if spur > 0 {
            for side: Float in [-1, 1] {
                depth = max(depth, ellipseDepth(x: x - side * (57 + spur * 0.5), y: y - 3, rx: spur * 0.9, ry: spur * 0.5))
            }
        }
        return depth
    }

    /// Approximate depth inside an axis-aligned ellipse, in pixels.
    private func ellipseDepth(x: Float, y: Float, rx: Float, ry: Float) -> Float {
        let r = ((x / rx) * (x / rx) + (y / ry) * (y / ry)).squareRoot()
        return (1 - r) * min(rx, ry)
    }
}

/// The acquisition's look: exposure curve, noise, and the style's artefacts.
struct Finish {
    let style: PhantomStyle
    let subgroup: PhantomSubgroup

    func apply(_ image: Image, random: inout SeededGenerator) -> Image {
        let n = image.width
        var pixels = image.pixels
        let (gamma, gain, offset, noise): (Float, Float, Float, Float) =
            switch style {
            case .most: (1.15, 0.95, 0.02, 0.045)
            case .oai, .synthetic: (0.85, 1.05, -0.02, 0.012)
            }
        let fine = style == .synthetic ? NoiseField(size: n, cell: 2, octaves: 1, random: &random) : nil
        for i in pixels.indices {
            var v = offset + gain * pow(max(pixels[i], 0), gamma)
            let (x, y) = (i % n, i / n)
            v += noise * Float(gaussian(&random))
            if let fine { v += 0.025 * fine[x, y] * (((x + y) % 2 == 0) ? 1 : -1) }
            if subgroup == .striped { v += 0.05 * sin(Float(y) * 0.9) }
            pixels[i] = min(max(v, 0), 1)
        }
        var result = Image(width: n, height: n, channels: 1, pixels: pixels)
        if subgroup == .blurred { result = blur(result, radius: 2) }
        return result
    }

    private func gaussian(_ random: inout SeededGenerator) -> Double {
        let u1 = max(random.nextUnit(), 1e-12)
        let u2 = random.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// Two passes of a separable box blur ≈ a Gaussian.
    private func blur(_ image: Image, radius: Int) -> Image {
        var pixels = image.pixels
        let n = image.width
        for _ in 0..<2 {
            var horizontal = pixels
            for y in 0..<n {
                for x in 0..<n {
                    var sum: Float = 0
                    var count: Float = 0
                    for k in -radius...radius where x + k >= 0 && x + k < n {
                        sum += pixels[y * n + x + k]
                        count += 1
                    }
                    horizontal[y * n + x] = sum / count
                }
            }
            for y in 0..<n {
                for x in 0..<n {
                    var sum: Float = 0
                    var count: Float = 0
                    for k in -radius...radius where y + k >= 0 && y + k < n {
                        sum += horizontal[(y + k) * n + x]
                        count += 1
                    }
                    pixels[y * n + x] = sum / count
                }
            }
        }
        return Image(width: n, height: n, channels: 1, pixels: pixels)
    }
}
