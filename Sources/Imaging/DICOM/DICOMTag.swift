/// A DICOM attribute tag (group, element), named for the attributes the grayscale pipeline reads
/// (PS3.3 C.7.6.3 Image Pixel, C.11 LUTs).
struct DICOMTag: Hashable, Sendable {
    let group: UInt16
    let element: UInt16

    static let photometricInterpretation = DICOMTag(group: 0x0028, element: 0x0004)
    static let pixelPaddingValue = DICOMTag(group: 0x0028, element: 0x0120)
    static let pixelPaddingRangeLimit = DICOMTag(group: 0x0028, element: 0x0121)
    static let windowCenter = DICOMTag(group: 0x0028, element: 0x1050)
    static let windowWidth = DICOMTag(group: 0x0028, element: 0x1051)
    static let rescaleIntercept = DICOMTag(group: 0x0028, element: 0x1052)
    static let rescaleSlope = DICOMTag(group: 0x0028, element: 0x1053)
    static let windowExplanation = DICOMTag(group: 0x0028, element: 0x1055)
    static let voiLUTFunction = DICOMTag(group: 0x0028, element: 0x1056)
    static let modalityLUTSequence = DICOMTag(group: 0x0028, element: 0x3000)
    static let lutDescriptor = DICOMTag(group: 0x0028, element: 0x3002)
    static let lutExplanation = DICOMTag(group: 0x0028, element: 0x3003)
    static let lutData = DICOMTag(group: 0x0028, element: 0x3006)
    static let voiLUTSequence = DICOMTag(group: 0x0028, element: 0x3010)

    /// What the grayscale pipeline reads: top-level attributes, and those of each LUT sequence item.
    static let pipelineAttributes: [(sequence: DICOMTag?, tag: DICOMTag)] =
        [
            photometricInterpretation, pixelPaddingValue, pixelPaddingRangeLimit, windowCenter, windowWidth, rescaleIntercept,
            rescaleSlope, windowExplanation, voiLUTFunction,
        ].map { (nil, $0) }
        + [modalityLUTSequence, voiLUTSequence].flatMap { sequence in [lutDescriptor, lutExplanation, lutData].map { (sequence, $0) } }
}
