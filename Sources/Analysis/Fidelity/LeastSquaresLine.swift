/// y ≈ intercept + slope·x by ordinary least squares, with the intercept's standard error.
struct LeastSquaresLine {
    let intercept: Double
    let slope: Double
    let interceptStandardError: Double

    init(x: [Double], y: [Double]) {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxx = 0.0
        var sxy = 0.0
        for i in x.indices {
            sxx += (x[i] - mx) * (x[i] - mx)
            sxy += (x[i] - mx) * (y[i] - my)
        }
        slope = sxx > 0 ? sxy / sxx : 0
        intercept = my - slope * mx
        var residuals = 0.0
        for i in x.indices {
            let r = y[i] - intercept - slope * x[i]
            residuals += r * r
        }
        let variance = x.count > 2 ? residuals / (n - 2) : 0
        interceptStandardError = sxx > 0 ? (variance * (1 / n + mx * mx / sxx)).squareRoot() : 0
    }
}
