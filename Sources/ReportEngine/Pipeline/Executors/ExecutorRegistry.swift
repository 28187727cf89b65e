import Foundation

/// The executors a render can choose from, by name, beside `local` (no executor: every step in this
/// process). A site adds its own by registering an `ExecutorKind`; nothing else changes.
public struct ExecutorRegistry: Sendable {
    public let kinds: [ExecutorKind]

    public init(_ kinds: [ExecutorKind]) { self.kinds = kinds }

    /// Every name `executor:` and `--executor` take.
    public var names: [String] { [ExecutorSettings.local] + kinds.map(\.name) }

    public func kind(named name: String) -> ExecutorKind? { kinds.first { $0.name == name } }

    /// A setting given on the command line, as (name, text, the flag that gave it).
    public typealias CommandLineSetting = (name: String, text: String, flag: String)

    /// The executor a render uses and its settings: the command line's name, else the template's, else
    /// local; the template's settings (when it names the same executor) with the command line's over them
    /// setting by setting, a list setting given in both being joined. nil for local; every problem is
    /// appended to `diagnostics`, at the line or flag that caused it.
    public func resolve(
        template: ExecutorSettings?, commandLine name: String?, settings given: [CommandLineSetting], diagnostics: inout [Diagnostic]
    ) -> (kind: ExecutorKind, settings: ResolvedOptions)? {
        let chosen = name ?? template?.name ?? ExecutorSettings.local
        let chosenAt = name != nil ? SourceLocation.commandLine("--executor") : template?.location
        if chosen == ExecutorSettings.local {
            if let entry = template?.entries.first, template?.name == chosen {
                diagnostics.append(Diagnostic("the `local` executor takes no settings", at: entry.keyLocation))
            }
            if let setting = given.first {
                let owners = kinds.filter { $0.setting(setting.name) != nil }.map { "--executor \($0.name)" }
                diagnostics.append(
                    Diagnostic(
                        "\(setting.flag) is a setting of an executor, and this render computes locally", at: nil,
                        hint: owners.isEmpty ? "executors: \(names.joined(separator: ", "))" : "add \(owners.joined(separator: " or "))"))
            }
            return nil
        }
        guard let kind = kind(named: chosen) else {
            diagnostics.append(
                Diagnostic(
                    "unknown executor `\(chosen)`", at: chosenAt,
                    hint: Suggestion.hint(for: chosen, in: names) ?? "executors: \(names.joined(separator: ", "))"))
            return nil
        }
        let fromTemplate = template?.name == chosen ? template?.entries ?? [] : []
        let fromCommandLine = ExecutorSettings.commandLine(name: chosen, settings: given, kind: kind).entries
        let entries = merged(fromTemplate, fromCommandLine, of: kind)
        let result = OptionValidator(
            specs: kind.settings, directiveName: kind.name, params: [:], stepIDs: [],
            baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        ).validate(entries, at: chosenAt)
        diagnostics += result.diagnostics
        for group in kind.exclusive {
            let given = entries.filter { group.contains($0.key) }
            if given.count > 1 {
                diagnostics.append(
                    Diagnostic(given.map { "`\($0.key)`" }.joined(separator: " and ") + " exclude each other: give one", at: given[1].keyLocation))
            }
        }
        return result.diagnostics.isEmpty ? (kind, ResolvedOptions(result.options)) : nil
    }

    /// The template's settings, then the command line's, one by one: a list setting is joined to what is
    /// there already; any other replaces the setting of its name and, from the template, the others of its
    /// exclusive group.
    private func merged(_ template: [OptionValue.MapEntry], _ commandLine: [OptionValue.MapEntry], of kind: ExecutorKind)
        -> [OptionValue.MapEntry]
    {
        func items(_ value: Located<OptionValue>) -> [Located<OptionValue>] {
            if case .list(let items) = value.value { items } else { [value] }
        }
        var entries = template
        for entry in commandLine {
            if case .list? = kind.setting(entry.key)?.type, let index = entries.firstIndex(where: { $0.key == entry.key }) {
                entries[index] = OptionValue.MapEntry(
                    key: entry.key, keyLocation: entry.keyLocation,
                    value: Located(.list(items(entries[index].value) + items(entry.value)), at: entry.value.location))
                continue
            }
            let replaced = Set(kind.exclusive.first { $0.contains(entry.key) } ?? [entry.key])
            entries.removeAll { $0.key == entry.key || (replaced.contains($0.key) && template.contains($0)) }
            entries.append(entry)
        }
        return entries
    }
}
