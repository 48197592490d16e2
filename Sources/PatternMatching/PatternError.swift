/// Why a pattern was refused, with where: `position` is the 1-based index, counted in
/// Unicode scalars (characters, for the ASCII patterns people type), of the character the
/// problem starts at (one past the end for "the pattern ended too soon").
///
/// `message` is written for the person who typed the pattern: what is wrong and what to
/// write instead. `description` prefixes it with the position.
public struct PatternError: Error, CustomStringConvertible, Sendable, Equatable {
    enum Problem: Sendable, Equatable {
        case tooLong(limit: Int)
        case tooLarge(limit: Int)
        case nestedTooDeep(limit: Int)
        case unsupported(String)
        case unclosedGroup
        case unmatchedParenthesis
        case unclosedClass
        case reversedRange(String)
        case nothingToRepeat(String)
        case doubleQuantifier
        case possessive
        case badCount(String)
        case countTooLarge(limit: Int)
        case literalBrace(String)
        case misplacedAnchor(String)
        case trailingBackslash
        case badEscape(String)
        case badHexEscape
        case unknownProperty(String)
    }

    let problem: Problem
    /// 1-based, in Unicode scalars.
    public let position: Int

    init(_ problem: Problem, at offset: Int) {
        self.problem = problem
        position = offset + 1
    }

    public var message: String {
        switch problem {
        case .tooLong(let limit):
            return "The pattern is longer than \(limit) characters; shorten it."
        case .tooLarge(let limit):
            return "The pattern is too large once its repetitions are counted out (more than \(limit) steps). "
                + "Use smaller counts, such as {1,50} instead of {1,1000}, or fewer repetitions inside repetitions."
        case .nestedTooDeep(let limit):
            return "Groups are nested more than \(limit) deep; remove some parentheses."
        case .unsupported(let what):
            return what
        case .unclosedGroup:
            return "A group opened with ( is never closed; add the missing )."
        case .unmatchedParenthesis:
            return "This ) closes no group; remove it, or write \\) to match a parenthesis."
        case .unclosedClass:
            return "A character class opened with [ is never closed; add the missing ]."
        case .reversedRange(let range):
            return "The range \(range) goes backwards; write the smaller character first."
        case .nothingToRepeat(let quantifier):
            return "\(quantifier) has nothing before it to repeat; put a character or a group before it, or write \\\(quantifier.prefix(1)) to match it."
        case .doubleQuantifier:
            return "Two repetition marks in a row; put the first repetition in a group, like (a+)* instead of a+*."
        case .possessive:
            return "Possessive repetitions (*+, ++, ?+) are not supported; remove the second +."
        case .badCount(let text):
            return "\(text) is not a repetition count; write {3}, {2,} or {2,5} (smaller number first)."
        case .countTooLarge(let limit):
            return "Repetition counts above \(limit) are not supported; use a smaller count."
        case .literalBrace(let brace):
            return "Write \\\(brace) to match a brace; a bare \(brace) must be part of a count like {2,5}."
        case .misplacedAnchor(let anchor):
            return anchor == "^"
                ? "^ can only stand at the very start of the pattern (or of an alternative); the whole answer is always matched, so it can be left out."
                : "$ can only stand at the very end of the pattern (or of an alternative); the whole answer is always matched, so it can be left out."
        case .trailingBackslash:
            return "The pattern ends with a lone backslash; remove it, or write \\\\ to match a backslash."
        case .badEscape(let escape):
            return "\(escape) is not a supported escape. Use \\d, \\w, \\s (or \\D, \\W, \\S), \\t, \\n, \\p{L}, \\xFF or \\u00E9, "
                + "or a backslash before punctuation such as \\. or \\(."
        case .badHexEscape:
            return "Write a character code as \\xFF (two hex digits), \\u00E9 (four) or \\x{1F600}."
        case .unknownProperty(let name):
            return "\\p{\(name)} is not a known category; use a general category such as \\p{L} (letters), \\p{Lu} (capitals), "
                + "\\p{N} (numbers), \\p{P} (punctuation) or \\p{Zs} (spaces)."
        }
    }

    public var description: String { "at character \(position): \(message)" }
}
