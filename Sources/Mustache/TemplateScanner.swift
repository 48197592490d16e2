/// One lexical element of a template: a run of text (never spanning a newline, which
/// stays at its end) or a tag.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case text
        case variable
        case unescapedVariable
        case sectionOpen
        case invertedOpen
        case close
        case comment
        case partial
        case parent
        case blockOpen
        case setDelimiters
    }

    let kind: Kind
    /// Byte offset of the token's first byte (the opening delimiter for tags).
    let start: Int
    /// Byte offset just after the token.
    let end: Int
    /// The tag's trimmed content (name); the text itself for text tokens.
    var content: [UInt8]
    /// Set on every tag of a standalone line: the whitespace that preceded the line's first tag.
    var standaloneIndent: [UInt8]?
    /// Text removed because its line is standalone.
    var isRemoved = false

    /// Tags that may stand alone on a line and take the line's whitespace with them.
    var canStandAlone: Bool {
        switch kind {
        case .text, .variable, .unescapedVariable: return false
        default: return true
        }
    }
}

/// Splits a template into tokens, following set-delimiter tags.
struct TemplateScanner {
    private let source: [UInt8]
    private let file: String
    private var openDelimiter: [UInt8] = Array("{{".utf8)
    private var closeDelimiter: [UInt8] = Array("}}".utf8)
    private(set) var tokens: [Token] = []

    init(source: [UInt8], file: String) {
        self.source = source
        self.file = file
    }

    mutating func scan() throws(TemplateParseError) -> [Token] {
        var position = 0
        while position < source.count {
            let tagStart = find(openDelimiter, from: position) ?? source.count
            appendText(from: position, to: tagStart)
            if tagStart == source.count { break }
            position = try scanTag(at: tagStart)
        }
        return tokens
    }

    private mutating func appendText(from start: Int, to end: Int) {
        var lineStart = start
        var index = start
        while index < end {
            if source[index] == 0x0A {
                tokens.append(Token(kind: .text, start: lineStart, end: index + 1, content: Array(source[lineStart...index])))
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < end {
            tokens.append(Token(kind: .text, start: lineStart, end: end, content: Array(source[lineStart..<end])))
        }
    }

    /// Reads the tag starting at `tagStart` and returns the offset after it.
    private mutating func scanTag(at tagStart: Int) throws(TemplateParseError) -> Int {
        let bodyStart = tagStart + openDelimiter.count
        let sigil: UInt8? = bodyStart < source.count ? source[bodyStart] : nil
        let kind: Token.Kind
        var closing = closeDelimiter
        var contentStart = bodyStart + 1
        switch sigil {
        case UInt8(ascii: "{"):
            kind = .unescapedVariable
            closing = [UInt8(ascii: "}")] + closeDelimiter
        case UInt8(ascii: "&"): kind = .unescapedVariable
        case UInt8(ascii: "#"): kind = .sectionOpen
        case UInt8(ascii: "^"): kind = .invertedOpen
        case UInt8(ascii: "/"): kind = .close
        case UInt8(ascii: "!"): kind = .comment
        case UInt8(ascii: ">"): kind = .partial
        case UInt8(ascii: "<"): kind = .parent
        case UInt8(ascii: "$"): kind = .blockOpen
        case UInt8(ascii: "="):
            kind = .setDelimiters
            closing = [UInt8(ascii: "=")] + closeDelimiter
        default:
            kind = .variable
            contentStart = bodyStart
        }
        guard let closeAt = find(closing, from: min(contentStart, source.count)) else {
            throw error(.unclosedTag(closing: String(decoding: closing, as: UTF8.self)), at: tagStart)
        }
        let tagEnd = closeAt + closing.count
        var content = trimmed(contentStart, closeAt)
        if kind == .partial || kind == .parent, content.first == UInt8(ascii: "*") {
            // `{{> * name }}`: padding is allowed between the asterisk and the name.
            content = [UInt8(ascii: "*")] + content.dropFirst().drop(while: Self.isWhitespace)
        }
        var token = Token(kind: kind, start: tagStart, end: tagEnd, content: content)
        switch kind {
        case .comment:
            token.content = []
        case .setDelimiters:
            try applyDelimiters(content, tagStart: tagStart)
        default:
            try validateName(content, kind: kind, tagStart: tagStart)
        }
        tokens.append(token)
        return tagEnd
    }

    private mutating func applyDelimiters(_ content: [UInt8], tagStart: Int) throws(TemplateParseError) {
        let parts = content.split(whereSeparator: Self.isWhitespace)
        guard parts.count == 2, !parts.contains(where: { $0.contains(UInt8(ascii: "=")) }) else {
            throw error(.invalidDelimiters(String(decoding: content, as: UTF8.self)), at: tagStart)
        }
        openDelimiter = Array(parts[0])
        closeDelimiter = Array(parts[1])
    }

    private func validateName(_ name: [UInt8], kind: Token.Kind, tagStart: Int) throws(TemplateParseError) {
        guard !name.isEmpty else {
            throw error(.emptyName, at: tagStart)
        }
        if name.contains(where: Self.isWhitespace) {
            throw error(.invalidName(String(decoding: name, as: UTF8.self)), at: tagStart)
        }
    }

    private func trimmed(_ start: Int, _ end: Int) -> [UInt8] {
        var low = start
        var high = end
        while low < high, Self.isWhitespace(source[low]) { low += 1 }
        while high > low, Self.isWhitespace(source[high - 1]) { high -= 1 }
        return Array(source[low..<high])
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= source.count else { return nil }
        var index = start
        let last = source.count - needle.count
        while index <= last {
            if source[index] == first {
                var matched = 1
                while matched < needle.count, source[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }

    private func error(_ problem: TemplateParseError.Problem, at offset: Int) -> TemplateParseError {
        TemplateParseError(problem, file: file, source: source, offset: offset)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
