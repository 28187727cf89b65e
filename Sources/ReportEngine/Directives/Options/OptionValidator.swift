import Foundation

/// Checks a directive block's options against the directive's schema, fills in defaults and finds the
/// block's references and input files. Collects every problem instead of stopping at the first.
struct OptionValidator {
    let specs: [OptionSpec]
    let directiveName: String
    /// Template parameters, for `{{ params.name }}` inside option strings.
    let params: [String: OptionValue]
    let stepIDs: Set<String>
    let baseDirectory: URL

    struct Result {
        var options: [String: OptionValue] = [:]
        var references: [InputReference] = []
        var files: [FileInput] = []
        var folders: [FolderInput] = []
        var diagnostics: [Diagnostic] = []
    }

    func validate(_ block: DirectiveBlock) -> Result { validate(block.options, at: block.location) }

    /// Checks `entries` (a block's options, or an executor's settings) written at `location`.
    func validate(_ entries: [OptionValue.MapEntry], at location: SourceLocation?) -> Result {
        var result = Result()
        let specsByName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (name, count) in Dictionary(specs.map { ($0.name, 1) }, uniquingKeysWith: +).sorted(by: { $0.key < $1.key }) where count > 1 {
            result.diagnostics.append(
                Diagnostic(
                    "`\(directiveName)` declares the option `\(name)` \(count) times; which one applies is undefined",
                    at: location, hint: "a bug in the directive's declaration: please report it"))
        }
        for entry in entries {
            guard let spec = specsByName[entry.key] else {
                let hint =
                    Suggestion.hint(for: entry.key, in: specs.map(\.name))
                    ?? "`\(directiveName)` takes: " + specs.map(\.name).joined(separator: ", ")
                result.diagnostics.append(
                    Diagnostic(
                        "unknown option `\(entry.key)` for `\(directiveName)`",
                        at: entry.keyLocation, hint: hint))
                continue
            }
            let value = substitutingParams(entry.value, diagnostics: &result.diagnostics)
            if case .null = value.value, !spec.required { continue }
            let (problems, inputs) = (result.diagnostics.count, result.references.count + result.files.count + result.folders.count)
            check(value, as: spec.type, option: spec.name, into: &result)
            let takenAsValue = result.references.count + result.files.count + result.folders.count == inputs
            if result.diagnostics.count == problems, takenAsValue, !spec.decodes(value.value) {
                result.diagnostics.append(
                    Diagnostic(
                        "`\(spec.name)` = `\(value.value.display)` fits \(spec.type.summary), but `\(directiveName)` cannot read it",
                        at: value.location, hint: "a bug in the directive's declaration: please report it"))
            }
            result.options[spec.name] = value.value
        }
        for spec in specs where result.options[spec.name] == nil {
            if let value = spec.defaultValue {
                result.options[spec.name] = value
            } else if spec.required {
                result.diagnostics.append(
                    Diagnostic(
                        "`\(directiveName)` needs the option `\(spec.name)` (\(spec.doc))",
                        at: location,
                        hint: "add a line `\(spec.name): …` (\(spec.type.summary))"))
            }
        }
        return result
    }

    // MARK: Types

    private func check(_ value: Located<OptionValue>, as type: OptionType, option: String, into result: inout Result) {
        if let problem = problem(value, type, option: option, result: &result) {
            result.diagnostics.append(problem)
        }
    }

    /// A diagnostic when `value` does not fit `type`; references and files found are added to `result`.
    private func problem(
        _ value: Located<OptionValue>, _ type: OptionType, option: String,
        result: inout Result
    ) -> Diagnostic? {
        func mismatch() -> Diagnostic {
            Diagnostic(
                "`\(option)` must be \(type.summary), got \(value.value.kindName) `\(value.value.display)`",
                at: value.location)
        }
        switch (type, value.value) {
        case (.int(let range), .int(let i)):
            if let range, !range.contains(i) {
                return Diagnostic("`\(option)` = \(i) is out of range; use \(type.summary)", at: value.location)
            }
            return nil
        case (.number(let range), .int), (.number(let range), .double):
            let x = value.value.numberValue ?? 0
            if let range, !range.contains(x) {
                return Diagnostic("`\(option)` = \(value.value.display) is out of range; use \(type.summary)", at: value.location)
            }
            return nil
        case (.fraction, .double(let x)):
            guard x > 0, x < 1 else {
                return Diagnostic("`\(option)` = \(value.value.display) is out of range; use \(type.summary)", at: value.location)
            }
            return nil
        case (.range(let bounds), .int), (.range(let bounds), .string):
            guard let range = IntRange(option: value.value) else {
                return Diagnostic(
                    "`\(option)` = `\(value.value.display)` is not a range; write it `2..30` (low..high, both in) or one number",
                    at: value.location)
            }
            guard bounds.contains(range.lower), bounds.contains(range.upper) else {
                return Diagnostic("`\(option)` = \(range) is out of range; use \(type.summary)", at: value.location)
            }
            return nil
        case (.bool, .bool), (.string, .string):
            return nil
        case (.choice(let choices), .string(let s)):
            guard choices.contains(s) else {
                return Diagnostic(
                    "`\(option)` = `\(s)` is not allowed; use \(type.summary)", at: value.location,
                    hint: Suggestion.hint(for: s, in: choices))
            }
            return nil
        case (.reference(let kinds), .string(let text)):
            return reference(text, kinds: kinds, option: option, at: value.location, result: &result)
        case (.inputFile(let extensions), .string(let path)):
            return inputFile(path, extensions: extensions, option: option, at: value.location, result: &result)
        case (.inputFolder, .string(let path)):
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return Diagnostic(
                    "input folder `\(path)` does not exist", at: value.location,
                    hint: "paths are relative to the template's folder (\(baseDirectory.path))")
            }
            result.folders.append(FolderInput(option: option, path: path, url: url, location: value.location))
            return nil
        case (.mapping(let element), .map(let entries)):
            for entry in entries {
                if let p = problem(entry.value, element, option: "\(option).\(entry.key)", result: &result) { return p }
            }
            return nil
        case (.outputFile(let extensions), .string(let path)):
            return outputFile(path, extensions: extensions, option: option, at: value.location)
        case (.list(let element), .list(let items)):
            for (i, item) in items.enumerated() {
                if let p = problem(item, element, option: "\(option)[\(i)]", result: &result) { return p }
            }
            return nil
        case (.list(let element), _):
            return problem(value, element, option: option, result: &result)
        case (.oneOf(let types), _):
            for candidate in types {
                var trial = result
                if problem(value, candidate, option: option, result: &trial) == nil {
                    result = trial
                    return nil
                }
            }
            return mismatch()
        default:
            return mismatch()
        }
    }

    private func reference(
        _ text: String, kinds: [ValueKind], option: String, at location: SourceLocation,
        result: inout Result
    ) -> Diagnostic? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let id = parts.first, !id.isEmpty, parts.allSatisfy({ !$0.isEmpty }),
            let path = InputReference.path(parts.dropFirst())
        else {
            return Diagnostic("`\(option)` must name a step id, like `pca`, `pca.embedding` or `pca.components[0]`", at: location)
        }
        guard stepIDs.contains(id) else {
            return Diagnostic(
                "unknown id `\(id)` in `\(option)`", at: location,
                hint: Suggestion.hint(for: id, in: stepIDs.sorted())
                    ?? "give the block you mean an id: ```{name #\(id)}")
        }
        result.references.append(
            InputReference(
                option: option, stepID: id, path: path,
                accepts: kinds, location: location))
        return nil
    }

    private func inputFile(
        _ path: String, extensions: [String], option: String, at location: SourceLocation,
        result: inout Result
    ) -> Diagnostic? {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
        let ext = url.pathExtension.lowercased()
        guard extensions.isEmpty || extensions.contains(ext) else {
            return Diagnostic(
                "`\(option)` must be a " + extensions.map { ".\($0)" }.joined(separator: " or ")
                    + " file, got `\(path)`", at: location)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return Diagnostic(
                "input file `\(path)` does not exist", at: location,
                hint: "paths are relative to the template's folder (\(baseDirectory.path))")
        }
        result.files.append(FileInput(option: option, path: path, url: url, location: location))
        return nil
    }

    private func outputFile(_ path: String, extensions: [String], option: String, at location: SourceLocation) -> Diagnostic? {
        let parts = path.split(separator: "/")
        guard !path.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else {
            return Diagnostic(
                "`\(option)` = `\(path)` must stay inside the report's data/ folder", at: location,
                hint: "use a plain file name such as `embedding.csv`")
        }
        let ext = (path as NSString).pathExtension.lowercased()
        guard extensions.contains(ext) else {
            return Diagnostic(
                "`\(option)` must end in " + extensions.map { ".\($0)" }.joined(separator: " or ")
                    + ", got `\(path)`", at: location)
        }
        return nil
    }

    // MARK: Parameters

    /// Replaces `{{ params.name }}` in option strings by the parameter's value; a whole-string
    /// placeholder takes the parameter's type (`n: "{{ params.k }}"` is an integer if `k` is).
    private func substitutingParams(_ value: Located<OptionValue>, diagnostics: inout [Diagnostic]) -> Located<OptionValue> {
        switch value.value {
        case .string(let text) where text.contains("{{"):
            return Located(
                ParamSubstitution(params: params).apply(text, at: value.location, diagnostics: &diagnostics),
                at: value.location)
        case .list(let items):
            return Located(.list(items.map { substitutingParams($0, diagnostics: &diagnostics) }), at: value.location)
        default:
            return value
        }
    }
}

extension OptionValue {
    var numberValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
