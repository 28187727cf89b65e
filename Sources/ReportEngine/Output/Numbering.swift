/// Figure and table numbers in document order, for captions and `@fig-`/`@tbl-` references.
struct Numbering {
    struct Entry {
        let kind: CrossReference.Kind
        let number: Int
    }
    private(set) var entries: [String: Entry] = [:]

    init(plan: Plan, outcome: RunOutcome) {
        var figures = 0
        var tables = 0
        for step in plan.steps where step.isShown {
            switch outcome.presentations[step.id]?.block {
            case .figure:
                figures += 1
                entries[step.id] = Entry(kind: .figure, number: figures)
            case .table:
                tables += 1
                entries[step.id] = Entry(kind: .table, number: tables)
            default: break
            }
        }
    }

    func label(for id: String) -> String? {
        entries[id].map { "\($0.kind == .figure ? "Figure" : "Table") \($0.number)" }
    }

    static func anchor(_ kind: CrossReference.Kind, _ id: String) -> String { "\(kind.rawValue)-\(id)" }
}
