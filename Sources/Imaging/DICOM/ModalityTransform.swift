/// Stored values to modality values (PS3.3 C.11.1): Rescale Slope/Intercept, a Modality LUT, or nothing.
enum ModalityTransform: Sendable, Equatable {
    case identity
    case rescale(slope: Double, intercept: Double)
    case lut(LookupTable)

    init(_ file: DICOMFile, bigEndian: Bool) throws(ImageError) {
        if file.items(of: .modalityLUTSequence) > 0 {
            self = .lut(try LookupTable(file, sequence: .modalityLUTSequence, item: 1, bigEndian: bigEndian))
        } else if let slope = file.numbers(.rescaleSlope)?.first {
            let intercept = file.numbers(.rescaleIntercept)?.first ?? 0
            guard slope != 0 else { throw .corrupt(format: "DICOM", reason: "Rescale Slope (0028,1053) is 0: every pixel would be the same") }
            self = slope == 1 && intercept == 0 ? .identity : .rescale(slope: slope, intercept: intercept)
        } else {
            self = .identity
        }
    }

    func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .identity: x
        case .rescale(let slope, let intercept): x * slope + intercept
        case .lut(let table): table(x)
        }
    }

    /// The modality values the stored range maps to (what `window: none` stretches to [0, 1]).
    func outputRange(of stored: ClosedRange<Double>) -> ClosedRange<Double> {
        switch self {
        case .identity: return stored
        case .rescale:
            let (a, b) = (self(stored.lowerBound), self(stored.upperBound))
            return min(a, b)...max(a, b)
        case .lut(let table): return 0...table.maxOutput
        }
    }

    var summary: String? {
        switch self {
        case .identity: nil
        case .rescale(let slope, let intercept): "rescale slope \(DICOMText.number(slope)), intercept \(DICOMText.number(intercept))"
        case .lut(let table): "modality LUT of \(table.entries.count) entries"
        }
    }
}

/// Numbers as the header wrote them (600, not 600.0).
enum DICOMText {
    static func number(_ x: Double) -> String {
        x == x.rounded() && x.magnitude < 1e15 ? String(Int64(x)) : String(x)
    }
}
