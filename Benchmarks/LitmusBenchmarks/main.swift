// One measurement per process, printed as JSON: seconds and peak resident memory.
// Usage: litmus-bench TASK DATA.npy [LABELS.npy]; TASK: optics | kmeans | kmeans4 | ari (and the tasks below,
// among them memorization and utility for Benchmarks/run_memorization.py).
// The parameters are those of Benchmarks/clustering_sklearn.py.
import Analysis
import CBLAS
import Foundation
import Imaging
import LinearAlgebra
import NeuralNet
import Plotting

func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Uniform random 224 × 224 × 3 inputs, the same on every run.
func randomImages(_ count: Int) -> [Tensor] {
    var random = SeededGenerator(seed: 2)
    return (0..<count).map { _ in
        Tensor(channels: 3, height: 224, width: 224, values: (0..<(3 * 224 * 224)).map { _ in Float(random.nextUnit()) })
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: litmus-bench optics|kmeans|ari DATA.npy [LABELS.npy]\n".utf8))
    exit(64)
}
if arguments[1] == "seeded-weights" {
    // The seeded VGG19 as a .safetensors file, for onnxruntime to run the same network.
    try VGG19.seeded(UInt64(arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1)).safetensors().write(to: URL(fileURLWithPath: arguments[2]))
    exit(0)
}
if arguments[1] == "sgemm" {
    // The machine's sgemm rate on a conv-like product (M 256, K 2304, N 3136: VGG19's conv3 at 224²), 2 × MNK
    // flops: one single-threaded product per core at once, as Litmus runs its GEMMs; the total and per core.
    let (m, k, n) = (256, 2304, 3136)
    var random = SeededGenerator(seed: 3)
    let a = (0..<(m * k)).map { _ in Float(random.nextUnit()) }
    let b = (0..<(k * n)).map { _ in Float(random.nextUnit()) }
    let repeats = Int(arguments[2]) ?? 20
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let start = Date()
    DispatchQueue.concurrentPerform(iterations: cores) { _ in
        var c = [Float](repeating: 0, count: m * n)
        for _ in 0..<repeats {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        BLAS.sgemm(m: m, n: n, k: k, a.baseAddress!, lda: k, b.baseAddress!, ldb: n, c.baseAddress!, ldc: n)
                    }
                }
            }
        }
    }
    let seconds = Date().timeIntervalSince(start)
    let gflops = 2 * Double(m * k * n) * Double(repeats * cores) / seconds / 1e9
    print(
        "{\"seconds\": \(seconds), \"peak_mb\": \(peakMegabytes()), \"result\": {\"gflops\": \(gflops), \"gflops_per_core\": \(gflops / Double(cores)), \"kernel\": \"\(OpenBLASKernel.current)\"}}"
    )
    exit(0)
}
if arguments[1] == "gradcam" {
    // Grad-CAM (target: sum) of COUNT random 224 × 224 images beside their forward passes, both on oneDNN
    // one image per core. Usage: litmus-bench gradcam COUNT [LAYER 0…15, default 15 = conv5_4] [f32|bf16].
    let count = Int(arguments[2]) ?? 24
    let layer = arguments.count > 3 ? Int(arguments[3]) ?? 15 : 15
    let precision = Precision(rawValue: arguments.count > 4 ? arguments[4] : "f32") ?? .f32
    let network = VGG19.seeded(1)
    let inputs = randomImages(count)
    let compiled = try network.compiled(height: 224, width: 224, precision: precision)
    _ = try compiled.features(ofBatch: Array(inputs.prefix(2)))
    var start = Date()
    _ = try compiled.features(ofBatch: inputs)
    let forward = Date().timeIntervalSince(start)
    let cam = try GradCAM(network: network, layer: layer).compiled(height: 224, width: 224, precision: precision)
    _ = try cam.map(inputs[0], target: .sum)
    start = Date()
    _ = try cam.maps(ofBatch: inputs, target: .sum)
    let gradcam = Date().timeIntervalSince(start)
    print(
        "{\"seconds\": \(gradcam), \"peak_mb\": \(peakMegabytes()), \"result\": {\"forward_s\": \(forward), \"gradcam_s\": \(gradcam), \"ratio\": \(gradcam / forward)}}"
    )
    exit(0)
}
if arguments[1] == "vgg19" {
    // Forward passes of a seeded VGG19 on oneDNN, random 224 × 224 inputs one per core: images/s.
    // Usage: litmus-bench vgg19 COUNT [f32|bf16] [PREFIX]: with PREFIX, the first input and its features
    // are written to PREFIX-input.npy and PREFIX-features.npy (for run_vgg19.py to compare with onnxruntime).
    let count = Int(arguments[2]) ?? 24
    let precision = Precision(rawValue: arguments.count > 3 ? arguments[3] : "f32") ?? .f32
    let compiled = try VGG19.seeded(1).compiled(height: 224, width: 224, precision: precision)
    let inputs = randomImages(count)
    let first = try compiled.features(ofBatch: Array(inputs.prefix(2)))
    if arguments.count > 4 {
        try NPYCodec.encode(NPYArray(shape: [1, 3, 224, 224], elements: .float32(inputs[0].values)))
            .write(to: URL(fileURLWithPath: arguments[4] + "-input.npy"))
        try NPYCodec.encode(NPYArray(shape: [512], elements: .float32(first[0]))).write(to: URL(fileURLWithPath: arguments[4] + "-features.npy"))
    }
    let start = Date()
    _ = try compiled.features(ofBatch: inputs)
    let seconds = Date().timeIntervalSince(start)
    print(
        "{\"seconds\": \(seconds), \"peak_mb\": \(peakMegabytes()), \"result\": {\"images_per_s\": \(Double(count) / seconds), \"isa\": \"\(OneDNN.isa)\", \"implementations\": \"\(Set(compiled.implementations).sorted().joined(separator: " "))\"}}"
    )
    exit(0)
}
if arguments[1] == "onednn-layers" {
    // Each convolution's Winograd against direct on oneDNN: the time of COUNT images with every layer on
    // Winograd but layer i on direct, less the all-Winograd time (> 0: Winograd is faster for layer i).
    let count = Int(arguments[2]) ?? 8
    let network = VGG19.seeded(1)
    let inputs = randomImages(count)
    func time(_ algorithm: @escaping (Int) -> ConvolutionAlgorithm) throws -> (Double, [String]) {
        let compiled = try CompiledVGG19(network, height: 224, width: 224, algorithm: algorithm)
        _ = try compiled.features(ofBatch: Array(inputs.prefix(2)))
        var best = Double.infinity
        for _ in 0..<3 {
            let start = Date()
            _ = try compiled.features(ofBatch: inputs)
            best = min(best, Date().timeIntervalSince(start))
        }
        return (best, compiled.implementations)
    }
    let (winograd, implementations) = try time { _ in .winograd }
    let (direct, directImplementations) = try time { _ in .direct }
    var rows = [String]()
    for layer in 0..<16 {
        let (t, _) = try time { $0 == layer ? .direct : .winograd }
        rows.append(
            "{\"layer\": \(layer), \"winograd\": \"\(implementations[layer])\", \"direct\": \"\(directImplementations[layer])\", \"winograd_saves_ms_per_image\": \((t - winograd) / Double(count) * 1000)}"
        )
    }
    print(
        "{\"seconds\": \(winograd), \"peak_mb\": \(peakMegabytes()), \"result\": {\"isa\": \"\(OneDNN.isa)\", \"winograd_images_per_s\": \(Double(count) / winograd), \"direct_images_per_s\": \(Double(count) / direct), \"layers\": [\(rows.joined(separator: ", "))]}}"
    )
    exit(0)
}
if arguments[1] == "dicom" {
    // litmus-bench dicom FILE COUNT: decodes a DICOM file COUNT times through ImageDecoder (GDCM in its
    // child process, then the grayscale pipeline); the best of the decodes after a first one.
    let url = URL(fileURLWithPath: arguments[2])
    let count = Int(arguments[3]) ?? 10
    var image = try ImageDecoder.decode(contentsOf: url).image
    var times = [Double]()
    for _ in 0..<count {
        let start = Date()
        image = try ImageDecoder.decode(contentsOf: url).image
        times.append(Date().timeIntervalSince(start))
    }
    let mean = image.pixels.reduce(0.0) { $0 + Double($1) } / Double(image.pixels.count)
    print(
        "{\"seconds\": \(times.reduce(0, +)), \"peak_mb\": \(peakMegabytes()), \"result\": {\"best_ms\": \(times.min()! * 1000), \"median_ms\": \(times.sorted()[times.count / 2] * 1000), \"width\": \(image.width), \"height\": \(image.height), \"mean\": \(mean)}}"
    )
    exit(0)
}
if arguments[1] == "fidelity" {
    // litmus-bench fidelity REAL.npy GENERATED.npy [RESAMPLES, default 0]: the `fidelity` directive's
    // computation (k 5, KD 100 subsets of 1000, 1000 permutations), then each metric alone.
    let real = FeatureRows(try NPYCodec.decode(try Data(contentsOf: URL(fileURLWithPath: arguments[2]))).matrix())
    let generated = FeatureRows(try NPYCodec.decode(try Data(contentsOf: URL(fileURLWithPath: arguments[3]))).matrix())
    let resamples = arguments.count > 4 ? Int(arguments[4]) ?? 0 : 0
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t = Date()
        try body()
        return Date().timeIntervalSince(t)
    }
    var comparison: DistributionComparison?
    let total = try seconds {
        comparison = try DistributionComparison(real: real, generated: generated, settings: .init(resamples: resamples, seed: 1))
    }
    let c = comparison!
    var parts = [String: Double]()
    parts["fd"] = try seconds { _ = try FrechetDistance(real, generated) }
    parts["kd"] = seconds { _ = KernelDistance(real, generated, settings: .init(seed: 1)) }
    parts["prdc_and_1nn"] = seconds { _ = NeighbourhoodMetrics(real: real, generated: generated, k: 5) }
    parts["vendi"] = try seconds { _ = try VendiScore(generated) }
    let values = DistributionComparison.Metric.allCases.map { "\"\($0.rawValue)\": \(c.value($0))" }.joined(separator: ", ")
    let partText = parts.keys.sorted().map { "\"\($0)\": \(parts[$0]!)" }.joined(separator: ", ")
    let intervals = c.intervals.map { "\"\($0.metric.rawValue)\": [\($0.low), \($0.high)]" }.joined(separator: ", ")
    print(
        "{\"seconds\": \(total), \"peak_mb\": \(peakMegabytes()), \"result\": {\(values), \"kd_std\": \(c.kernel.standardDeviation), \"p_value\": \(c.nearestNeighbourPValue ?? -1), \"parts\": {\(partText)}, \"intervals\": {\(intervals)}}}"
    )
    exit(0)
}
if arguments[1] == "memorization" {
    // litmus-bench memorization GENERATED.npy TRAIN.npy [HELDOUT.npy]: the `memorization` directive's
    // computation (Benchmarks/run_memorization.py): the training items' own nearest neighbours (once),
    // NearestTraining of the generated items, the near-copies
    // (ratio < 1/3), AuthPct and the pairs' order; with HELDOUT, NearestTraining of the held-out items and
    // C_T (seed 1). "seconds" is the whole, from the loaded Float matrices on, the directive's conversions
    // to FeatureRows included; "parts" times each step in the same run. MEMORIZATION_OUT=PREFIX writes the
    // generated items' nearest index and distance to PREFIX-index.npy and PREFIX-distance.npy (after the clock).
    func load(_ path: String) throws -> Matrix { try NPYCodec.decode(try Data(contentsOf: URL(fileURLWithPath: path))).matrix() }
    let generated = try load(arguments[2])
    let train = try load(arguments[3])
    let heldout = arguments.count > 4 ? try load(arguments[4]) : nil
    var parts = [String: Double]()
    func timed<T>(_ part: String, _ body: () throws -> T) rethrows -> T {
        let t = Date()
        defer { parts[part] = Date().timeIntervalSince(t) }
        return try body()
    }
    let start = Date()
    let trainRows = FeatureRows(train)
    let trainNeighbours = timed("training_neighbours") { NearestTraining.neighbourDistances(of: trainRows) }
    let nearest = timed("nearest_generated") {
        NearestTraining(generated: FeatureRows(generated), training: trainRows, trainingNeighbourDistance: trainNeighbours)
    }
    let (copies, authenticity) = timed("copies_authenticity_order") { () -> ([Int], Double) in
        let ratio = nearest.ratio
        let copies = nearest.copies(below: 1.0 / 3)
        let order = ratio.indices.sorted { (ratio[$0], nearest.distance[$0], $0) < (ratio[$1], nearest.distance[$1], $1) }
        precondition(order.count == generated.rows)
        return (copies, nearest.authenticity)
    }
    var heldoutNearest: NearestTraining?
    var test: DataCopyingTest?
    if let heldout {
        heldoutNearest = timed("nearest_heldout") {
            NearestTraining(generated: FeatureRows(heldout), training: trainRows, trainingNeighbourDistance: trainNeighbours)
        }
        test = try timed("ct") { try DataCopyingTest(training: train, heldout: heldout, generated: generated, seed: 1) }
    }
    let seconds = Date().timeIntervalSince(start)
    if let prefix = ProcessInfo.processInfo.environment["MEMORIZATION_OUT"] {
        try NPYCodec.encode(NPYArray(shape: [nearest.index.count], elements: .int64(nearest.index))).write(
            to: URL(fileURLWithPath: prefix + "-index.npy"))
        try NPYCodec.encode(NPYArray(shape: [nearest.distance.count], elements: .float64(nearest.distance))).write(
            to: URL(fileURLWithPath: prefix + "-distance.npy"))
    }
    let mean = { (values: [Double]) in values.reduce(0, +) / Double(max(values.count, 1)) }
    let cells =
        test.map { t in
            "["
                + t.cells.map {
                    "{\"training\": \($0.training), \"heldout\": \($0.heldout), \"generated\": \($0.generated), \"u\": \($0.u), \"z\": \($0.z)}"
                }.joined(separator: ", ") + "]"
        } ?? "null"
    let partText = parts.keys.sorted().map { "\"\($0)\": \(parts[$0]!)" }.joined(separator: ", ")
    print(
        "{\"seconds\": \(seconds), \"peak_mb\": \(peakMegabytes()), \"result\": {\"generated\": \(generated.rows), \"train\": \(train.rows), "
            + "\"heldout\": \(heldout?.rows ?? 0), \"copies\": \(copies.count), \"authenticity\": \(authenticity), \"ct\": \(test.map { "\($0.value)" } ?? "null"), "
            + "\"mean_distance\": \(mean(nearest.distance)), \"mean_train_nn_distance\": \(mean(nearest.trainingNeighbourDistance)), "
            + "\"mean_heldout_distance\": \(heldoutNearest.map { "\(mean($0.distance))" } ?? "null"), \"ct_cells\": \(cells), \"parts\": {\(partText)}}}"
    )
    exit(0)
}
if arguments[1] == "utility" {
    // litmus-bench utility A.npy A_LABELS.npy B.npy B_LABELS.npy: the `utility` directive's computation for
    // train [A, B] × test [A, B] (Benchmarks/run_memorization.py): A→A and B→B by 5 stratified folds (seed 1),
    // A→B and B→A held out; each fit StandardScaler + LogisticRegression(C 1, default tolerance), one after
    // another as the directive runs them. "seconds" is the whole, from the loaded Float matrices on.
    func load(_ path: String) throws -> NPYArray { try NPYCodec.decode(try Data(contentsOf: URL(fileURLWithPath: path))) }
    let (aMatrix, bMatrix) = (try load(arguments[2]).matrix(), try load(arguments[4]).matrix())
    guard let aLabels = try load(arguments[3]).integers, let bLabels = try load(arguments[5]).integers,
        aLabels.count == aMatrix.rows, bLabels.count == bMatrix.rows
    else {
        FileHandle.standardError.write(Data("utility: the labels must be integers, one per row\n".utf8))
        exit(64)
    }
    let classValues = Array(Set(aLabels + bLabels)).sorted()
    let classIndex = Dictionary(uniqueKeysWithValues: classValues.enumerated().map { ($1, $0) })
    var fits = 0
    var iterations = 0
    // The directive's fitAndPredict: scaled on the training rows, fitted on the classes present.
    func fitAndPredict(train: FeatureRows, classes: [Int], test: FeatureRows) throws -> [Int] {
        let present = Array(Set(classes)).sorted()
        let local = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
        let scaler = StandardScaler(fitting: train)
        let fitted = try LogisticRegression(inverseRegularization: 1).fit(
            scaler.transform(train), labels: classes.map { local[$0]! }, classCount: present.count)
        (fits, iterations) = (fits + 1, iterations + fitted.iterations)
        return fitted.predict(scaler.transform(test)).map { present[$0] }
    }
    let start = Date()
    let sets = [("A", FeatureRows(aMatrix), aLabels.map { classIndex[$0]! }), ("B", FeatureRows(bMatrix), bLabels.map { classIndex[$0]! })]
    var rows = [String]()
    for (trainName, trainRows, trainClasses) in sets {
        for (testName, testRows, testClasses) in sets {
            let pairStart = Date()
            var predicted = [Int](repeating: 0, count: testRows.count)
            if trainName == testName {
                let folds = try StratifiedFolds(labels: trainClasses, foldCount: 5, seed: 1)
                for f in 0..<5 {
                    let (inside, outside) = (folds.items(in: f), folds.items(outside: f))
                    let guesses = try fitAndPredict(
                        train: trainRows.selecting(outside), classes: outside.map { trainClasses[$0] }, test: trainRows.selecting(inside))
                    for (item, guess) in zip(inside, guesses) { predicted[item] = guess }
                }
            } else {
                predicted = try fitAndPredict(train: trainRows, classes: trainClasses, test: testRows)
            }
            let scores = ClassificationScores(truth: testClasses, predicted: predicted, classCount: classValues.count)
            rows.append(
                "\"\(trainName)->\(testName)\": {\"accuracy\": \(scores.accuracy), \"balanced_accuracy\": \(scores.balancedAccuracy), \"seconds\": \(Date().timeIntervalSince(pairStart))}"
            )
        }
    }
    let seconds = Date().timeIntervalSince(start)
    print(
        "{\"seconds\": \(seconds), \"peak_mb\": \(peakMegabytes()), \"result\": {\(rows.joined(separator: ", ")), \"fits\": \(fits), \"iterations\": \(iterations), "
            + "\"tolerance\": \(LogisticRegression.defaultTolerance)}}")
    exit(0)
}
let x = try NPYCodec.decode(try Data(contentsOf: URL(fileURLWithPath: arguments[2]))).matrix()
let start = Date()
var result = ""
switch arguments[1] {
case "optics":
    result = String(try OPTICS(minSamples: .count(10)).fit(x).clusterCount)
case "kmeans":
    let inertias = try (1...10).map { try KMeans(clusterCount: $0, initCount: 10, seed: 0).fit(x).inertia }
    result = "[" + inertias.map { "\($0)" }.joined(separator: ", ") + "]"
case "kmeans4":
    result = "[\(try KMeans(clusterCount: 4, initCount: 10, seed: 0).fit(x).inertia)]"
case "ari":
    let labels = try NPYCodec.decode(try Data(contentsOf: URL(fileURLWithPath: arguments[3]))).integers!
    var random = SeededGenerator(seed: 0)
    let other = labels.map { random.nextUnit() < 0.1 ? Int(random.next() % 4) : $0 }
    var value = 0.0
    for _ in 0..<100 { value = ClusterAgreement(labels, other).adjustedRandIndex }
    result = "\(value)"
case "scatter":
    // The first two columns as a scatter of 10 categories, drawn to PNG and SVG (6.4 × 4.2 in, 110 dpi).
    let n = x.rows
    let categories = (0..<10).map { c in
        ScatterLayer.Category(name: "\(c)", color: Palette.color(c), members: Array(stride(from: c, to: n, by: 10)))
    }
    let figure = Figure(
        width: 6.4, height: 4.2, dpi: 110,
        axes: Axes(
            xLabel: "x", yLabel: "y",
            layers: [
                .scatter(ScatterLayer(x: x.column(0).map(Double.init), y: x.column(1).map(Double.init), categories: categories))
            ]))
    let rendered = try FigureRenderer().render(figure)
    result = "[\(rendered.png.count), \(rendered.svg.count)]"
case "umap2", "umap30":
    var settings = UMAP()
    settings.components = arguments[1] == "umap2" ? 2 : 30
    settings.seed = 42
    if let epochs = ProcessInfo.processInfo.environment["UMAP_EPOCHS"].flatMap(Int.init) { settings.epochs = epochs }
    // Fits twice (UMAP_REPEAT=N: N times) and times the last fit, as umap_reference.py times umap-learn's
    // second; the first fit's time is reported too, and the fastest as `min_seconds`.
    let repeats = max(ProcessInfo.processInfo.environment["UMAP_REPEAT"].flatMap(Int.init) ?? 2, 1)
    var times = [Double]()
    var embedding = Matrix(rows: 0, columns: 0, storage: [])
    // UMAP_LAYOUT_ONLY=1 times the layout alone, from one neighbour graph (the sweep's case).
    let prepared = ProcessInfo.processInfo.environment["UMAP_LAYOUT_ONLY"] != nil ? try settings.prepare(x) : nil
    for _ in 0..<repeats {
        let fitStart = Date()
        embedding = try prepared.map { try settings.layout($0) }?.embedding ?? settings.fit(x).embedding
        times.append(Date().timeIntervalSince(fitStart))
    }
    let seconds = times[times.count - 1]
    let first = times[0]
    if ProcessInfo.processInfo.environment["UMAP_SKIP_QUALITY"] != nil {
        let fastest = times.min()!
        print(
            "{\"seconds\": \(seconds), \"first_seconds\": \(first), \"min_seconds\": \(fastest), "
                + "\"peak_mb\": \(peakMegabytes()), \"result\": null}")
        exit(0)
    }
    // Quality, outside the timing: trustworthiness (k = 15) and k-means ARI of the known groups.
    let groups = try NPYCodec.decode(try Data(contentsOf: URL(fileURLWithPath: arguments[3]))).integers!
    let trust = Trustworthiness.score(input: x, embedding: embedding, k: 15)
    let labels = try KMeans(clusterCount: Set(groups).count, initCount: 10, seed: 0).fit(embedding).labels
    let ari = ClusterAgreement(groups, labels).adjustedRandIndex
    print("{\"seconds\": \(seconds), \"first_seconds\": \(first), \"peak_mb\": \(peakMegabytes()), \"result\": [\(trust), \(ari)]}")
    exit(0)
default:
    FileHandle.standardError.write(Data("unknown task \(arguments[1])\n".utf8))
    exit(64)
}
let seconds = Date().timeIntervalSince(start)
print("{\"seconds\": \(seconds), \"peak_mb\": \(peakMegabytes()), \"result\": \(result)}")
