import Foundation

/// Why a step's key is not the one its last render used: the parts of the two keys compared by name.
struct StaleReasons {
    /// The steps already found stale in this status (their readers say "upstream … stale").
    let staleSteps: Set<String>

    func reasons(now: KeyParts, folders: [String: [String: String]], before: KeyRecord.Step) -> [String] {
        var reasons = [String]()
        if now.directive != before.parts.directive { reasons.append(Self.directiveChange(before.parts.directive, now.directive)) }
        for name in Set(now.options.keys).union(before.parts.options.keys).sorted() {
            switch (before.parts.options[name], now.options[name]) {
            case (nil, let value?): reasons.append("option `\(name)` new (\(Self.shown(value)))")
            case (_?, nil): reasons.append("option `\(name)` no longer in the key")
            case (let old?, let value?) where old != value: reasons.append("option `\(name)` \(Self.shown(old)) → \(Self.shown(value))")
            default: break
            }
        }
        var upstream = Set<String>()
        for option in Set(now.inputs.keys).union(before.parts.inputs.keys).sorted() {
            guard let input = now.inputs[option] else {
                reasons.append("input `\(option)` removed")
                continue
            }
            guard let old = before.parts.inputs[option] else {
                reasons.append("input `\(option)` = `\(input.step)` added")
                continue
            }
            if old.step != input.step {
                reasons.append("input `\(option)` now `\(input.step)`, was `\(old.step)`")
            } else if old.path != input.path {
                reasons.append(
                    "input `\(option)` now reads `\(([input.step] + [input.path].filter { !$0.isEmpty }).joined(separator: ".").replacingOccurrences(of: ".[", with: "["))`"
                )
            } else if old.key != input.key, upstream.insert(input.step).inserted {
                reasons.append(staleSteps.contains(input.step) ? "upstream `\(input.step)` stale" : "upstream `\(input.step)` changed")
            }
        }
        for option in Set(now.files.keys).union(before.parts.files.keys).sorted() where now.files[option] != before.parts.files[option] {
            reasons.append(
                now.files[option] == nil
                    ? "file `\(option)` removed" : before.parts.files[option] == nil ? "file `\(option)` added" : "file `\(option)` changed")
        }
        for option in Set(now.folders.keys).union(before.parts.folders.keys).sorted() where now.folders[option] != before.parts.folders[option] {
            reasons.append(Self.folderChange(option, before: before.folderFiles[option] ?? [:], now: folders[option] ?? [:]))
        }
        if now.seed != before.parts.seed {
            reasons.append("seed \(before.parts.seed.map(String.init) ?? "none") → \(now.seed.map(String.init) ?? "none")")
        }
        return reasons
    }

    /// `directive version 3 → 4`, or the whole text when more than the version moved (`builtOn`).
    static func directiveChange(_ old: String, _ new: String) -> String {
        let (oldName, oldVersion) = split(old)
        let (newName, newVersion) = split(new)
        return oldName == newName ? "directive version \(oldVersion) → \(newVersion)" : "directive \(old) → \(new)"
    }

    private static func split(_ text: String) -> (String, String) {
        guard let space = text.lastIndex(of: " ") else { return (text, "") }
        let version = text[text.index(after: space)...]
        return (String(text[..<space]), String(version.hasPrefix("v") ? version.dropFirst() : version))
    }

    /// `folder `path`: 3 files added, 1 changed, 2 removed`.
    static func folderChange(_ option: String, before: [String: String], now: [String: String]) -> String {
        let change = FolderChange(step: "", option: option, before: before, after: now)
        let counts = [(change.added.count, "added"), (change.changed.count, "changed"), (change.removed.count, "removed")].filter { $0.0 > 0 }
        guard !counts.isEmpty else { return "folder `\(option)` changed" }
        return "folder `\(option)`: "
            + counts.enumerated().map { i, c in
                "\(c.0)" + (i == 0 ? " file\(c.0 == 1 ? "" : "s")" : "") + " \(c.1)"
            }.joined(separator: ", ")
    }

    /// A canonical value as a reader writes it: strings without their quotes.
    static func shown(_ canonical: String) -> String {
        canonical.count >= 2 && canonical.hasPrefix("\"") && canonical.hasSuffix("\"") ? String(canonical.dropFirst().dropLast()) : canonical
    }
}
