import CImageCodecs
import CTurboJPEG

/// The image libraries Litmus decodes with, and their versions (for `litmus doctor`).
public enum CodecLibraries {
    public static var versions: [(name: String, version: String)] {
        let turbo = Int(LIBJPEG_TURBO_VERSION_NUMBER)  // 2001005 → 2.1.5 (the version built against)
        return [
            ("libpng", String(cString: litmus_png_version())),
            ("libjpeg-turbo", "\(turbo / 1_000_000).\(turbo / 1000 % 1000).\(turbo % 1000)"),
            ("GDCM", DICOMFile.gdcmVersion),
        ]
    }
}
