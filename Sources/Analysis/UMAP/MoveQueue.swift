/// One block's queued moves of other blocks' vertices in one epoch: the vertex, and `stride` numbers
/// per move in `values`. Room for one move per edge of the block, the most an epoch can queue. Grouped by
/// the block of their vertex (keeping their order) so that each block can apply the moves it receives.
final class MoveQueue: @unchecked Sendable {
    let moves: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Float>
    var count = 0
    /// Move numbers, those for block 0 first, then block 1's, …; block b's are
    /// `order[groupStart[b] ..< groupStart[b + 1]]`.
    private let order: UnsafeMutablePointer<Int32>
    private var groupStart: [Int]

    init(capacity: Int, stride: Int, blocks: Int) {
        moves = .allocate(capacity: max(capacity, 1))
        values = .allocate(capacity: max(capacity * stride, 1))
        order = .allocate(capacity: max(capacity, 1))
        groupStart = [Int](repeating: 0, count: blocks + 1)
    }

    deinit { moves.deallocate(); values.deallocate(); order.deallocate() }

    /// Groups the queued moves by the block of their vertex (a counting sort, stable).
    func group(blockOf: UnsafePointer<UInt8>) {
        let blocks = groupStart.count - 1
        groupStart.withUnsafeMutableBufferPointer { start in
            start.update(repeating: 0)
            for index in 0..<count { start[Int(blockOf[Int(moves[index])]) + 1] += 1 }
            for b in 0..<blocks { start[b + 1] += start[b] }
            var next = Array(start[0..<blocks])
            for index in 0..<count {
                let b = Int(blockOf[Int(moves[index])])
                order[next[b]] = Int32(index)
                next[b] += 1
            }
        }
    }

    /// Adds the moves queued for block `b`'s vertices to their rows, in the order they were queued.
    func apply(block b: Int, to rows: UnsafeMutablePointer<Float>, stride: Int) {
        for position in groupStart[b]..<groupStart[b + 1] {
            let index = Int(order[position])
            let target = rows + Int(moves[index]) * stride, source = values + index * stride
            for d in 0..<stride { target[d] += source[d] }
        }
    }
}
