import Foundation
import ReportEngine

/// Compares a report with a reference copy of it (a golden file, the committed demo report) by what the
/// machine can promise (docs/numerics.md):
/// - where both numeric environments compute alike (same ISA level, BLAS kernel and C library), the
///   bytes must be identical;
/// - elsewhere the text before the first rounding-sensitive step (UMAP and what reads it) must be the same
///   but for numbers, each within `tolerance` (relative, plus one unit of its last printed digit for a
///   decimal: a value on a rounding boundary may print either way; integers, mostly counts, get no such
///   unit); after it, only the structure: headings, figure links and table header rows.
struct ReportComparison {
    /// Relative difference allowed between two printed numbers (beyond a decimal's last digit).
    var tolerance = 1e-4

    enum Mode: Equatable { case exact, tolerant }

    /// Exact when `reference`'s manifest names an environment that computes like this process's.
    static func mode(referenceManifest: Data?) -> Mode {
        guard let data = referenceManifest,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let recorded = (object["numeric_environment"] as? [String: Any]).flatMap(NumericEnvironment.init(json:))
        else { return .tolerant }
        return recorded.computesLike(.current()) ? .exact : .tolerant
    }

    /// Problems found comparing Markdown or other text; `boundary` is the line (a heading) from which on
    /// only structure is compared, nil to compare the whole text with tolerance.
    func textProblems(actual: String, expected: String, boundary: String? = nil) -> [String] {
        func split(_ text: String) -> (head: String, tail: String) {
            guard let boundary, let range = text.range(of: "\n" + boundary + "\n") else { return (text, "") }
            return (String(text[..<range.lowerBound]), String(text[range.lowerBound...]))
        }
        let (a, b) = (split(Self.withoutEmbeddedImages(actual)), split(Self.withoutEmbeddedImages(expected)))
        var problems = numberTolerantProblems(a.head, b.head)
        if boundary != nil {
            if a.tail.isEmpty || b.tail.isEmpty { problems.append("the line `\(boundary!)` is missing") }
            let (structureA, structureB) = (Self.structure(a.tail), Self.structure(b.tail))
            if structureA != structureB {
                problems.append("the structure after `\(boundary!)` differs: \(structureA.difference(from: structureB).map { "\($0)" }.prefix(4))")
            }
        }
        return problems
    }

    /// Manifests: everything identical except the hashes of the outputs (the same files must be listed)
    /// and the numeric environment. Step keys are exact by construction: they hash options and inputs.
    func manifestProblems(actual: Data, expected: Data) -> [String] {
        guard var a = (try? JSONSerialization.jsonObject(with: actual)) as? [String: Any],
            var b = (try? JSONSerialization.jsonObject(with: expected)) as? [String: Any]
        else { return ["a manifest is not JSON"] }
        var problems = [String]()
        let (outputsA, outputsB) = (a["outputs"] as? [String: String] ?? [:], b["outputs"] as? [String: String] ?? [:])
        if Set(outputsA.keys) != Set(outputsB.keys) {
            problems.append("the manifests list different outputs: \(Set(outputsA.keys).symmetricDifference(outputsB.keys).sorted())")
        }
        for field in ["outputs", "numeric_environment"] {
            a[field] = nil
            b[field] = nil
        }
        let encode = { (object: [String: Any]) in try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }
        if encode(a) != encode(b) { problems.append("the manifests differ beyond output hashes and the numeric environment") }
        return problems
    }

    /// The template's last heading before its first rounding-sensitive block (nil: there is none).
    static func roundingBoundary(of plan: Plan) -> String? {
        let sensitive = plan.roundingSensitiveSteps
        guard let first = plan.steps.filter({ sensitive.contains($0.id) }).map(\.block.location.line).min() else { return nil }
        let lines = plan.template.source.split(separator: "\n", omittingEmptySubsequences: false).prefix(first - 1)
        return lines.last { $0.hasPrefix("#") }.map(String.init)
    }

    // MARK: Pieces

    private func numberTolerantProblems(_ a: String, _ b: String) -> [String] {
        let (tokensA, tokensB) = (Self.tokens(a), Self.tokens(b))
        for (index, (x, y)) in zip(tokensA, tokensB).enumerated() {
            switch (x, y) {
            case (.number(let p, let digitsP), .number(let q, let digitsQ)):
                // A decimal may print either way at a rounding boundary; an integer (a count) must match
                // within the relative tolerance alone.
                let digits = max(digitsP, digitsQ)
                let unit = digits == 0 ? 0 : pow(10, -Double(digits))
                if abs(p - q) > tolerance * max(abs(p), abs(q)) + unit * 1.000001 {
                    return ["number \(p) differs from \(q) beyond tolerance, after “\(Self.context(tokensA, index))”"]
                }
            case (.text(let s), .text(let t)) where s == t: continue
            default: return ["the text differs after “\(Self.context(tokensA, index))”: “\(x)” against “\(y)”"]
            }
        }
        return tokensA.count == tokensB.count ? [] : ["one text is longer: \(tokensA.count) tokens against \(tokensB.count)"]
    }

    enum Token: Equatable, CustomStringConvertible {
        case text(String)
        /// A decimal number and how many digits it has after the point.
        case number(Double, digits: Int)

        var description: String {
            switch self {
            case .text(let s): s
            case .number(let v, _): "\(v)"
            }
        }
    }

    /// Text and unsigned decimal numbers, in order (a sign stays text and must match). A digit run inside
    /// a word (`fig-pca1`, a hash) is text.
    static func tokens(_ text: String) -> [Token] {
        var tokens = [Token]()
        var pending = ""
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            let startsNumber =
                characters[i].isASCII && characters[i].isNumber
                && (i == 0 || !(characters[i - 1].isLetter || characters[i - 1].isNumber || characters[i - 1] == "_"))
            guard startsNumber else {
                pending.append(characters[i])
                i += 1
                continue
            }
            var j = i
            var digits = 0
            var seenPoint = false
            while j < characters.count, characters[j].isASCII,
                characters[j].isNumber || (characters[j] == "." && !seenPoint && j + 1 < characters.count && characters[j + 1].isNumber)
            {
                if characters[j] == "." { seenPoint = true } else if seenPoint { digits += 1 }
                j += 1
            }
            if j < characters.count, characters[j].isLetter {  // a word that starts with digits: text
                pending.append(contentsOf: characters[i..<j])
                i = j
                continue
            }
            tokens.append(.text(pending))
            pending = ""
            tokens.append(.number(Double(String(characters[i..<j])) ?? .nan, digits: digits))
            i = j
        }
        tokens.append(.text(pending))
        return tokens.filter { $0 != .text("") }
    }

    /// Headings, figure and image links, and table header rows (the line before a `|---|` row).
    static func structure(_ text: String) -> [String] {
        let lines = text.split(separator: "\n").map(String.init)
        var result = [String]()
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("#") { result.append(line) }
            for match in line.matches(of: /\]\(([^)]+\.(png|svg|csv|npy))\)/) { result.append(String(match.1)) }
            if index + 1 < lines.count, lines[index + 1].hasPrefix("|"), lines[index + 1].allSatisfy({ "|-: ".contains($0) }) {
                result.append(line)
            }
        }
        return result
    }

    private static func withoutEmbeddedImages(_ text: String) -> String {
        text.replacing(/data:image\/[a-z+]+;base64,[A-Za-z0-9+\/=]+/, with: "data:image")
    }

    private static func context(_ tokens: [Token], _ index: Int) -> String {
        String(tokens[max(0, index - 3)..<index].map(\.description).joined().suffix(80))
    }
}
