import LinearAlgebra

/// Smooth random texture: value noise on a coarse grid, bilinearly interpolated, several octaves.
struct NoiseField {
    let size: Int
    private let values: [Float]

    init(size: Int, cell: Int, octaves: Int, random: inout SeededGenerator) {
        self.size = size
        var total = [Float](repeating: 0, count: size * size)
        var amplitude: Float = 1
        var cellSize = cell
        for _ in 0..<octaves {
            let grid = size / max(cellSize, 1) + 2
            let corners = (0..<(grid * grid)).map { _ in Float(random.nextUnit()) * 2 - 1 }
            for y in 0..<size {
                let gy = Float(y) / Float(cellSize)
                let y0 = Int(gy)
                let fy = gy - Float(y0)
                for x in 0..<size {
                    let gx = Float(x) / Float(cellSize)
                    let x0 = Int(gx)
                    let fx = gx - Float(x0)
                    let a = corners[y0 * grid + x0]
                    let b = corners[y0 * grid + x0 + 1]
                    let c = corners[(y0 + 1) * grid + x0]
                    let d = corners[(y0 + 1) * grid + x0 + 1]
                    let top = a + (b - a) * fx
                    let bottom = c + (d - c) * fx
                    total[y * size + x] += amplitude * (top + (bottom - top) * fy)
                }
            }
            amplitude *= 0.5
            cellSize = max(1, cellSize / 2)
        }
        values = total
    }

    subscript(x: Int, y: Int) -> Float { values[y * size + x] }
}
