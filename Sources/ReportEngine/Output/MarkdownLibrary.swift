import CCmark

/// The cmark-gfm library HTML pages are made with (for `litmus doctor`).
public enum MarkdownLibrary {
    public static var version: String { String(cString: cmark_version_string()) }
}
