/// Reads a pattern's text into a `PatternNode`, refusing with a `PatternError` (position
/// and advice) everything outside the supported subset:
///
/// - literals, and `\` before punctuation or a space for the character itself (`\.`, `\(`);
///   `\t \n \r \f`, `\xFF`, `\x{1F600}`, `\u00E9`;
/// - `.` (any character but a line break), `\d \w \s` and `\D \W \S`, `\p{L}` / `\P{L}`
///   (general categories, one or two letters);
/// - classes `[abc]`, `[a-z0-9_]`, `[^,;]`, with escapes inside; a `]` first in the class
///   and a `-` first or last stand for themselves;
/// - groups `(…)`, `(?:…)`, `(?<name>…)`; alternatives `|`;
/// - repetitions `* + ? {m} {m,} {m,n}` and their lazy forms (`*?` …), which mean the
///   same here since only whole matches count;
/// - `^` and `$` at the start and end (they change nothing: the whole text always has to
///   match); `(?i)` at the very start for case-insensitive matching.
///
/// Refused with a message: back-references, lookaround, atomic groups, possessive
/// repetitions, other inline options, word boundaries and other anchors, nested classes
/// and class operators (`&&`, `[:alpha:]`), `\Q…\E`.
struct PatternParser {
    private let scalars: [Unicode.Scalar]
    private let limits: PatternLimits
    private var index = 0
    private var depth = 0
    private var caseInsensitive = false

    init(_ source: String, limits: PatternLimits) {
        scalars = Array(source.unicodeScalars)
        self.limits = limits
    }

    /// The parsed pattern and whether it matches case-insensitively.
    mutating func parse() throws(PatternError) -> (PatternNode, caseInsensitive: Bool) {
        guard scalars.count <= limits.maximumLength else {
            throw PatternError(.tooLong(limit: limits.maximumLength), at: limits.maximumLength)
        }
        if scalars.starts(with: "(?i)".unicodeScalars) {
            caseInsensitive = true
            index = 4
        }
        let node = try parseAlternation()
        if index < scalars.count { throw PatternError(.unmatchedParenthesis, at: index) }
        try Self.checkAnchors(node, atStart: true, atEnd: true)
        return (node, caseInsensitive)
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func parseAlternation() throws(PatternError) -> PatternNode {
        var alternatives = [try parseConcatenation()]
        while current == "|" {
            index += 1
            alternatives.append(try parseConcatenation())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseConcatenation() throws(PatternError) -> PatternNode {
        var items: [PatternNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            let atom = try parseAtom()
            items.append(try parseRepetition(of: atom))
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concatenation(items)
        }
    }

    /// `atom` with the repetition that follows it, if any.
    private mutating func parseRepetition(of atom: PatternNode) throws(PatternError) -> PatternNode {
        let start = index
        guard let (minimum, maximum) = try parseQuantifier() else { return atom }
        if case .anchor = atom {
            throw PatternError(.nothingToRepeat(Self.text(scalars[start..<index])), at: start)
        }
        if current == "?" {
            index += 1 // lazy: the same whole-match meaning
        } else if current == "+" {
            throw PatternError(.possessive, at: index)
        }
        let next = index
        if try parseQuantifier() != nil { throw PatternError(.doubleQuantifier, at: next) }
        return .repetition(atom, minimum: minimum, maximum: maximum, offset: start)
    }

    /// Reads `*`, `+`, `?` or a count `{m}`, `{m,}`, `{m,n}` at the current position; nil
    /// (and nothing read) when there is none. A `{` that does not start a count is refused.
    private mutating func parseQuantifier() throws(PatternError) -> (Int, Int?)? {
        switch current {
        case "*":
            index += 1
            return (0, nil)
        case "+":
            index += 1
            return (1, nil)
        case "?":
            index += 1
            return (0, 1)
        case "{":
            return try parseCount()
        default:
            return nil
        }
    }

    private mutating func parseCount() throws(PatternError) -> (Int, Int?) {
        let start = index
        index += 1
        guard let minimum = try parseNumber() else {
            if let close = scalars[start...].firstIndex(of: "}"), close - start < 12 {
                throw PatternError(.badCount(Self.text(scalars[start...close])), at: start)
            }
            throw PatternError(.literalBrace("{"), at: start)
        }
        var maximum: Int? = minimum
        if current == "," {
            index += 1
            maximum = current == "}" ? nil : try parseNumber()
            if maximum == nil, current != "}" { throw badCount(from: start) }
        }
        guard current == "}" else { throw badCount(from: start) }
        index += 1
        if let maximum, maximum < minimum { throw PatternError(.badCount(Self.text(scalars[start..<index])), at: start) }
        return (minimum, maximum)
    }

    private func badCount(from start: Int) -> PatternError {
        let end = scalars[start...].firstIndex(of: "}").map { min($0 + 1, start + 12) } ?? min(scalars.count, start + 8)
        return PatternError(.badCount(Self.text(scalars[start..<end])), at: start)
    }

    /// Decimal digits at the current position, or nil when there are none.
    private mutating func parseNumber() throws(PatternError) -> Int? {
        let start = index
        var value = 0
        while let scalar = current, ("0"..."9").contains(scalar) {
            value = value * 10 + Int(scalar.value - 48)
            if value > limits.maximumRepetitionCount {
                throw PatternError(.countTooLarge(limit: limits.maximumRepetitionCount), at: start)
            }
            index += 1
        }
        return index == start ? nil : value
    }

    private mutating func parseAtom() throws(PatternError) -> PatternNode {
        let start = index
        guard let scalar = current else { return .empty }
        switch scalar {
        case "(":
            return try parseGroup()
        case "[":
            return .set(try parseClass())
        case ".":
            index += 1
            return .set(.anyButLineTerminator)
        case "^", "$":
            index += 1
            return .anchor(isStart: scalar == "^", offset: start)
        case "\\":
            switch try parseEscape() {
            case .scalar(let scalar): return literal(scalar)
            case .group(let group): return .set(ScalarSet(ranges: [], groups: [group], caseInsensitive: caseInsensitive))
            }
        case "*", "+", "?":
            throw PatternError(.nothingToRepeat(String(scalar)), at: start)
        case "{":
            _ = try parseCount()
            throw PatternError(.nothingToRepeat(Self.text(scalars[start..<index])), at: start)
        case "}":
            throw PatternError(.literalBrace("}"), at: start)
        default:
            index += 1
            return literal(scalar)
        }
    }

    private func literal(_ scalar: Unicode.Scalar) -> PatternNode {
        guard caseInsensitive, !ScalarSet.caseVariants(of: scalar).isEmpty else { return .scalar(scalar) }
        return .set(ScalarSet(ranges: [scalar.value...scalar.value], caseInsensitive: true))
    }

    private mutating func parseGroup() throws(PatternError) -> PatternNode {
        let start = index
        depth += 1
        defer { depth -= 1 }
        if depth > limits.maximumNesting { throw PatternError(.nestedTooDeep(limit: limits.maximumNesting), at: start) }
        index += 1
        if current == "?" { try parseGroupKind(start: start) }
        let node = try parseAlternation()
        guard current == ")" else { throw PatternError(.unclosedGroup, at: start) }
        index += 1
        return node
    }

    /// Reads what follows `(?`: `:` or `<name>` are fine, the rest is refused.
    private mutating func parseGroupKind(start: Int) throws(PatternError) {
        let kind = peek(1)
        let unsupported: String
        switch kind {
        case ":":
            index += 2
            return
        case "<" where peek(2) != "=" && peek(2) != "!":
            var end = index + 2
            while end < scalars.count, scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]) { end += 1 }
            if end > index + 2, end < scalars.count, scalars[end] == ">" {
                index = end + 1
                return
            }
            unsupported = "A named group is written (?<name>…) with letters and digits in the name."
        case "=", "!", "<":
            unsupported = "Lookaround ((?=…), (?!…), (?<=…), (?<!…)) is not supported; describe the whole answer instead, "
                + "for example with alternatives (a|b)."
        case ">":
            unsupported = "Atomic groups (?>…) are not supported; use a plain group (…)."
        case "#":
            unsupported = "Comments (?#…) are not supported; remove the comment."
        default:
            unsupported = scalars[index...].starts(with: "?i)".unicodeScalars)
                ? "(?i) can only stand at the very start of the pattern, where it makes the whole pattern ignore case."
                : "Options like (?x) or (?s) are not supported; only (?i) at the very start of the pattern is."
        }
        throw PatternError(.unsupported(unsupported), at: start)
    }

    private mutating func parseClass() throws(PatternError) -> ScalarSet {
        let start = index
        index += 1
        let negated = current == "^"
        if negated { index += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        var groups: [ScalarSet.Group] = []
        var first = true
        while true {
            guard let scalar = current else { throw PatternError(.unclosedClass, at: start) }
            if scalar == "]", !first {
                index += 1
                break
            }
            if scalar == "[" {
                throw PatternError(.unsupported(
                    "A [ inside a class is not supported (no nested classes or [:alpha:]); write \\[ to match a bracket."), at: index)
            }
            if scalar == "&", peek(1) == "&" {
                throw PatternError(.unsupported("&& inside a class is not supported; list the allowed characters instead."), at: index)
            }
            first = false
            let itemStart = index
            switch try parseClassItem() {
            case .group(let group):
                groups.append(group)
            case .scalar(let low):
                guard current == "-", let after = peek(1), after != "]" else {
                    ranges.append(low.value...low.value)
                    continue
                }
                index += 1
                guard case .scalar(let high) = try parseClassItem() else {
                    throw PatternError(.unsupported(
                        "A range cannot end in \\d, \\w, \\s or \\p{…}; list them apart, and write \\- for a hyphen."), at: itemStart)
                }
                guard low.value <= high.value else {
                    throw PatternError(.reversedRange(Self.text(scalars[itemStart..<index])), at: itemStart)
                }
                ranges.append(low.value...high.value)
            }
        }
        return ScalarSet(ranges: ranges, groups: groups, negated: negated, caseInsensitive: caseInsensitive)
    }

    /// What one character (or escape) of a class, or one escape anywhere, stands for.
    private enum Item {
        case scalar(Unicode.Scalar)
        case group(ScalarSet.Group)
    }

    private mutating func parseClassItem() throws(PatternError) -> Item {
        guard current == "\\" else {
            defer { index += 1 }
            return .scalar(scalars[index])
        }
        return try parseEscape()
    }

    private mutating func parseEscape() throws(PatternError) -> Item {
        let start = index
        index += 1
        guard let scalar = current else { throw PatternError(.trailingBackslash, at: start) }
        index += 1
        switch scalar {
        case "d", "D": return .group(.init(kind: .digit, inverted: scalar == "D"))
        case "w", "W": return .group(.init(kind: .word, inverted: scalar == "W"))
        case "s", "S": return .group(.init(kind: .space, inverted: scalar == "S"))
        case "p", "P": return .group(.init(kind: .categories(try parseProperty(start: start)), inverted: scalar == "P"))
        case "t": return .scalar("\t")
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "f": return .scalar("\u{0C}")
        case "x", "u": return .scalar(try parseCode(start: start, short: scalar == "u" ? 4 : 2))
        case "b", "B":
            throw PatternError(.unsupported(
                "Word boundaries (\\b, \\B) are not supported; the pattern always covers the whole answer, "
                    + "so describe the words with \\w and \\s instead."), at: start)
        case "A", "z", "Z", "G":
            throw PatternError(.unsupported(
                "\\\(scalar) is not supported; the pattern always covers the whole answer, so no anchor is needed."), at: start)
        case "1"..."9", "k":
            throw PatternError(.unsupported(
                "Back-references like \\1 are not supported; write the repeated part out again instead."), at: start)
        case "Q", "E":
            throw PatternError(.unsupported(
                "\\Q…\\E quoting is not supported; put a backslash before each special character instead, like \\. or \\(."), at: start)
        default:
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                throw PatternError(.badEscape("\\" + String(scalar)), at: start)
            }
            return .scalar(scalar)
        }
    }

    /// `\xFF`, `\x{1F600}` or `\u00E9` after the letter: the scalar with that code.
    private mutating func parseCode(start: Int, short digits: Int) throws(PatternError) -> Unicode.Scalar {
        var text = ""
        if digits == 2, current == "{" {
            index += 1
            while let scalar = current, scalar != "}", text.count <= 8 {
                text.unicodeScalars.append(scalar)
                index += 1
            }
            guard current == "}" else { throw PatternError(.badHexEscape, at: start) }
            index += 1
        } else {
            for _ in 0..<digits {
                guard let scalar = current else { break }
                text.unicodeScalars.append(scalar)
                index += 1
            }
            guard text.unicodeScalars.count == digits else { throw PatternError(.badHexEscape, at: start) }
        }
        guard !text.isEmpty, text.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit), let value = UInt32(text, radix: 16),
              let scalar = Unicode.Scalar(value) else { throw PatternError(.badHexEscape, at: start) }
        return scalar
    }

    /// `{Lu}` or a single letter (`\pL`) after `\p`: the general categories it names.
    private mutating func parseProperty(start: Int) throws(PatternError) -> [Unicode.GeneralCategory] {
        var name = ""
        if current == "{" {
            index += 1
            while let scalar = current, scalar != "}", name.unicodeScalars.count <= 40 {
                name.unicodeScalars.append(scalar)
                index += 1
            }
            guard current == "}" else { throw PatternError(.unknownProperty(name), at: start) }
            index += 1
        } else if let scalar = current {
            name = String(scalar)
            index += 1
        }
        guard let categories = GeneralCategoryNames.categories(named: name) else {
            throw PatternError(.unknownProperty(name), at: start)
        }
        return categories
    }

    /// Checks that `^` only starts and `$` only ends the pattern (or one of its
    /// top-level alternatives, through groups), where they mean nothing.
    private static func checkAnchors(_ node: PatternNode, atStart: Bool, atEnd: Bool) throws(PatternError) {
        switch node {
        case .anchor(let isStart, let offset):
            if isStart ? !atStart : !atEnd { throw PatternError(.misplacedAnchor(isStart ? "^" : "$"), at: offset) }
        case .concatenation(let nodes):
            for (position, child) in nodes.enumerated() {
                try checkAnchors(child, atStart: atStart && position == 0, atEnd: atEnd && position == nodes.count - 1)
            }
        case .alternation(let nodes):
            for child in nodes { try checkAnchors(child, atStart: atStart, atEnd: atEnd) }
        case .repetition(let child, _, _, _):
            try checkAnchors(child, atStart: false, atEnd: false)
        case .empty, .scalar, .set:
            break
        }
    }

    private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }
}
