/// A parsed pattern. Groups leave no trace (nothing is captured: a pattern only answers
/// whether the whole text matches), lazy and greedy repetitions are the same repetition
/// for the same reason, and the anchors `^` `$` are kept only so their position can be
/// checked, then compile to nothing.
indirect enum PatternNode: Sendable, Equatable {
    case empty
    case scalar(Unicode.Scalar)
    case set(ScalarSet)
    case concatenation([PatternNode])
    case alternation([PatternNode])
    /// `node` at least `minimum` times and at most `maximum` (nil: without limit); the
    /// repetition mark starts at `offset` in the pattern.
    case repetition(PatternNode, minimum: Int, maximum: Int?, offset: Int)
    /// `^` (`isStart`) or `$` at `offset` in the pattern.
    case anchor(isStart: Bool, offset: Int)

    /// How many instructions this node compiles to, counted without building anything, so
    /// that `(a{1000}){1000}` is refused before it takes memory. Throws `tooLarge` past
    /// `limit`, at the repetition that went over it (`fallback` when none did).
    func instructionCount(limit: Int, fallback: Int) throws(PatternError) -> Int {
        switch self {
        case .empty, .anchor:
            return 0
        case .scalar, .set:
            return 1
        case .concatenation(let nodes), .alternation(let nodes):
            // An alternation adds a split before every alternative but the last and a jump after each of them.
            var total = 0
            if case .alternation = self { total = 2 * (nodes.count - 1) }
            for node in nodes {
                total += try node.instructionCount(limit: limit, fallback: fallback)
                if total > limit { throw PatternError(.tooLarge(limit: limit), at: node.repetitionOffset ?? fallback) }
            }
            return total
        case .repetition(let node, let minimum, let maximum, let offset):
            let body = try node.instructionCount(limit: limit, fallback: offset)
            // `minimum` copies, then one optional copy (split, body) per extra repetition,
            // or a loop: split, body, jump (`*`), or for `+` a split back after the last copy.
            // Counts are at most `PatternLimits.maximumRepetitionCount` and `body` at most
            // `limit`, so nothing here can overflow.
            let tail = maximum.map { ($0 - minimum) * (body + 1) } ?? (minimum > 0 ? 1 : body + 2)
            let total = minimum * body + tail
            if total > limit { throw PatternError(.tooLarge(limit: limit), at: offset) }
            return total
        }
    }

    private var repetitionOffset: Int? {
        if case .repetition(_, _, _, let offset) = self { return offset }
        return nil
    }
}
