/// A regular expression that matches in linear time: the pattern is compiled to a Thompson
/// NFA and run as a set simulation, so checking a text costs at most (pattern size x text
/// length) steps whatever the pattern, with no backtracking that an unlucky text can make
/// explode (`([A-Za-z]+ ?)+` against a long answer ending in `!` is as quick as any other).
///
/// Only whole matches exist: `matchesWhole` answers whether the entire text matches, the
/// way a form field's pattern is used, so nothing is captured and lazy repetitions mean
/// the same as greedy ones. `PatternParser` lists the syntax; anything else is refused
/// with a `PatternError` that says where and what to write instead.
///
/// Matching works on Unicode scalars, as ICU and JavaScript's `u` mode do: `.` and a class
/// consume one scalar, so a letter typed with a separate combining accent (e + U+0301) is
/// two. `\d` is any decimal digit (Nd), `\w` letters, marks, digits and connector
/// punctuation, `\s` white space, all as ICU reads them; `(?i)` compares the simple
/// (one-scalar) case forms, so `k` matches `K` but `ß` does not match `SS`.
///
/// ```swift
/// let pattern = try Pattern("[A-Z]{2}-\\d{4}")
/// pattern.matchesWhole("AB-1234")   // true
/// pattern.matchesWhole("AB-12345")  // false: the whole text must match
/// ```
public struct Pattern: Sendable {
    /// The pattern as written.
    public let source: String
    /// Whether it began with `(?i)`.
    public let isCaseInsensitive: Bool
    private let program: Program

    /// - Throws: `PatternError` for syntax outside the supported subset, or a pattern
    ///   beyond `limits`.
    public init(_ source: String, limits: PatternLimits = PatternLimits()) throws(PatternError) {
        var parser = PatternParser(source, limits: limits)
        let (node, caseInsensitive) = try parser.parse()
        _ = try node.instructionCount(limit: limits.maximumInstructions, fallback: source.unicodeScalars.count)
        self.source = source
        isCaseInsensitive = caseInsensitive
        program = Program(node)
    }

    /// The number of NFA instructions, which bounds the work per scalar of text.
    public var instructionCount: Int { program.instructions.count }

    /// Whether the whole of `text` matches.
    public func matchesWhole(_ text: String) -> Bool {
        program.matchesWhole(text.unicodeScalars, deadline: nil) ?? false
    }

    /// Whether the whole of `text` matches, or nil when `deadline` passed first.
    public func matchesWhole(_ text: String, deadline: ContinuousClock.Instant) -> Bool? {
        program.matchesWhole(text.unicodeScalars, deadline: deadline)
    }
}

/// How large a pattern may be. A repetition count copies what it repeats, so
/// `maximumInstructions` is what bounds the cost of matching.
public struct PatternLimits: Sendable, Equatable {
    /// Unicode scalars in the pattern's text.
    public var maximumLength: Int
    /// NFA instructions once repetitions are counted out (about one per character matched,
    /// plus one or two per repetition and alternative).
    public var maximumInstructions: Int
    /// The largest number in `{m,n}`.
    public var maximumRepetitionCount: Int
    /// Groups inside groups.
    public var maximumNesting: Int

    public init(
        maximumLength: Int = 1000, maximumInstructions: Int = 1000, maximumRepetitionCount: Int = 1000,
        maximumNesting: Int = 50
    ) {
        self.maximumLength = maximumLength
        self.maximumInstructions = maximumInstructions
        self.maximumRepetitionCount = maximumRepetitionCount
        self.maximumNesting = maximumNesting
    }
}
