import CCairo

/// The Cairo library figures are drawn with (for `litmus doctor`).
public enum CairoLibrary {
    public static var version: String { String(cString: cairo_version_string()) }
}
