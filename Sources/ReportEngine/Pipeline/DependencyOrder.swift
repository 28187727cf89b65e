/// Orders steps by their references: levels of steps whose inputs are all in earlier levels; cycles reported;
/// and the steps one step needs.
struct DependencyOrder {
    let steps: [PlannedStep]

    /// The ids of step `id` and of every step it reads, directly or through others.
    func closure(of id: String) -> Set<String> {
        let byID = Dictionary(steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var needed = Set<String>()
        var pending = [id]
        while let next = pending.popLast() {
            guard needed.insert(next).inserted, let step = byID[next] else { continue }
            pending += step.references.map(\.stepID)
        }
        return needed
    }

    func levels(diagnostics: inout [Diagnostic]) -> [[Int]] {
        let index = Dictionary(steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let dependencies = steps.map { step in Set(step.references.compactMap { index[$0.stepID] }) }
        if let cycle = findCycle(dependencies) {
            let names = (cycle + [cycle[0]]).map { "`\(steps[$0].id)`" }.joined(separator: " → ")
            let first = steps[cycle[0]]
            let location = first.references.first { index[$0.stepID] == cycle[1 % cycle.count] }?.location ?? first.block.location
            diagnostics.append(
                Diagnostic(
                    "dependency cycle: \(names)", at: location,
                    hint: "a step cannot use its own result, directly or through others"))
            return []
        }
        var level = [Int](repeating: -1, count: steps.count)
        func depth(_ i: Int) -> Int {
            if level[i] >= 0 { return level[i] }
            level[i] = (dependencies[i].map(depth).max() ?? -1) + 1
            return level[i]
        }
        for i in steps.indices { _ = depth(i) }
        let count = (level.max() ?? -1) + 1
        return (0..<count).map { l in steps.indices.filter { level[$0] == l } }
    }

    /// A cycle as step indices in order, if there is one.
    private func findCycle(_ dependencies: [Set<Int>]) -> [Int]? {
        var state = [Int](repeating: 0, count: dependencies.count)  // 0 new, 1 on stack, 2 done
        var stack = [Int]()
        func visit(_ i: Int) -> [Int]? {
            state[i] = 1
            stack.append(i)
            for d in dependencies[i].sorted() {
                if state[d] == 1 { return Array(stack[stack.lastIndex(of: d)!...]) }
                if state[d] == 0, let cycle = visit(d) { return cycle }
            }
            stack.removeLast()
            state[i] = 2
            return nil
        }
        for i in dependencies.indices where state[i] == 0 {
            if let cycle = visit(i) { return cycle }
        }
        return nil
    }
}
