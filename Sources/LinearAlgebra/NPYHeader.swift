/// The dictionary literal at the start of a `.npy` file, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NPYHeader {
    struct DType {
        let littleEndian: Bool
        let kind: Character
        let size: Int
    }

    let descr: String
    let dtype: DType
    let fortranOrder: Bool
    let shape: [Int]

    init(parsing text: String) throws(NPYError) {
        guard let descr = Self.value(of: "descr", in: text),
            let order = Self.value(of: "fortran_order", in: text),
            let shapeText = Self.value(of: "shape", in: text)
        else { throw .malformedHeader("it must name 'descr', 'fortran_order' and 'shape'") }
        self.descr = descr.trimmingQuotes
        dtype = try Self.parseDType(self.descr)
        switch order {
        case "True": fortranOrder = true
        case "False": fortranOrder = false
        default: throw .malformedHeader("fortran_order is '\(order)'")
        }
        let inner = shapeText.dropFirst().dropLast()  // strip ( )
        var dims = [Int]()
        for part in inner.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: " ")
            if trimmed.isEmpty { continue }
            guard let dim = Int(trimmed.hasSuffix("L") ? String(trimmed.dropLast()) : trimmed), dim >= 0 else {
                throw .malformedHeader("shape \(shapeText) is not a tuple of sizes")
            }
            dims.append(dim)
        }
        shape = dims
        let (count, overflow) = dims.reduce((1, false)) { acc, d in
            let m = acc.0.multipliedReportingOverflow(by: d)
            return (m.partialValue, acc.1 || m.overflow)
        }
        if overflow || count > Int(Int32.max) * 8 { throw .malformedHeader("shape \(shapeText) is too large") }
    }

    private static func parseDType(_ descr: String) throws(NPYError) -> DType {
        guard descr.count >= 3, let order = descr.first, let kind = descr.dropFirst().first,
            let size = Int(descr.dropFirst(2))
        else { throw .unsupportedDType(descr) }
        let known: Set<String> = ["f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"]
        guard known.contains("\(kind)\(size)"), "<>|=".contains(order) else { throw .unsupportedDType(descr) }
        if order == "|" && size != 1 { throw .unsupportedDType(descr) }
        if kind == "u" && size == 8 { throw .unsupportedDType(descr) }
        return DType(littleEndian: order != ">", kind: kind, size: size)
    }

    /// The raw text of the value stored under `key`: a quoted string, a word, or a parenthesised tuple.
    private static func value(of key: String, in text: String) -> String? {
        guard let keyRange = text.range(of: "'\(key)'") ?? text.range(of: "\"\(key)\"") else { return nil }
        var rest = text[keyRange.upperBound...].drop(while: { $0 == " " })
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " })
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return String(rest[...close])
        }
        if let quote = rest.first, quote == "'" || quote == "\"" {
            guard let close = rest.dropFirst().firstIndex(of: quote) else { return nil }
            return String(rest[...close])
        }
        return String(rest.prefix(while: { $0 != "," && $0 != "}" })).trimmingCharacters(in: " ")
    }
}

private extension String {
    var trimmingQuotes: String { trimmingCharacters(in: "'\"") }
}

private extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
