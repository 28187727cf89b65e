import Foundation

/// Renumbers the ids Cairo gives SVG elements from process-wide counters (`surface5`), in order of
/// first appearance, so a figure's SVG bytes do not depend on what else the process drew before.
enum SVGIdentifiers {
    private static let pattern = try! NSRegularExpression(pattern: "(id=\"|#)(surface|pattern|image|source|mask|clip)([0-9]+)")

    static func normalize(_ svg: [UInt8]) -> [UInt8] {
        let text = String(decoding: svg, as: UTF8.self)
        let ns = text as NSString
        var renamed = [String: String]()
        var counters = [String: Int]()
        var output = ""
        var last = 0
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let prefix = ns.substring(with: match.range(at: 1))
            let kind = ns.substring(with: match.range(at: 2))
            let original = kind + ns.substring(with: match.range(at: 3))
            let replacement =
                renamed[original]
                ?? {
                    counters[kind, default: 0] += 1
                    let name = "\(kind)\(counters[kind]!)"
                    renamed[original] = name
                    return name
                }()
            output += ns.substring(with: NSRange(location: last, length: match.range.location - last)) + prefix + replacement
            last = match.range.location + match.range.length
        }
        output += ns.substring(from: last)
        return Array(output.utf8)
    }
}
