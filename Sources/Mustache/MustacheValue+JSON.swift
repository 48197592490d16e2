extension MustacheValue {
    /// Parses a JSON document (RFC 8259) into a value: objects become `.object`,
    /// arrays `.list`, numbers without a fraction or exponent `.int`, other numbers
    /// `.double`.
    ///
    /// Meant for the command line and tests; view models build values directly.
    public init(json: String) throws(JSONParseError) {
        try self.init(jsonBytes: Array(json.utf8))
    }

    /// Parses JSON given as UTF-8 bytes; see ``init(json:)``.
    public init(jsonBytes bytes: [UInt8]) throws(JSONParseError) {
        var reader = JSONReader(bytes: bytes)
        self = try reader.readDocument()
    }
}

/// A JSON document that could not be read, with the line and column of the problem.
public struct JSONParseError: Error, CustomStringConvertible, Sendable {
    private enum Problem: Sendable {
        case expected(String)
        case invalidEscape
        case invalidNumber
        case nestingTooDeep
        case trailingContent
    }

    private let problem: Problem
    /// 1-based line of the problem.
    public let line: Int
    /// 1-based column (in characters) of the problem.
    public let column: Int

    private init(_ problem: Problem, bytes: [UInt8], offset: Int) {
        self.problem = problem
        let position = SourcePosition(bytes: bytes, offset: offset)
        self.line = position.line
        self.column = position.column
    }

    fileprivate static func expected(_ what: String, _ bytes: [UInt8], _ offset: Int) -> JSONParseError {
        JSONParseError(.expected(what), bytes: bytes, offset: offset)
    }

    fileprivate static func invalidEscape(_ bytes: [UInt8], _ offset: Int) -> JSONParseError {
        JSONParseError(.invalidEscape, bytes: bytes, offset: offset)
    }

    fileprivate static func invalidNumber(_ bytes: [UInt8], _ offset: Int) -> JSONParseError {
        JSONParseError(.invalidNumber, bytes: bytes, offset: offset)
    }

    fileprivate static func nestingTooDeep(_ bytes: [UInt8], _ offset: Int) -> JSONParseError {
        JSONParseError(.nestingTooDeep, bytes: bytes, offset: offset)
    }

    fileprivate static func trailingContent(_ bytes: [UInt8], _ offset: Int) -> JSONParseError {
        JSONParseError(.trailingContent, bytes: bytes, offset: offset)
    }

    public var description: String {
        let message: String
        switch problem {
        case .expected(let what): message = "expected \(what)"
        case .invalidEscape: message = "invalid escape sequence in string"
        case .invalidNumber: message = "invalid number"
        case .nestingTooDeep: message = "arrays and objects nested too deeply"
        case .trailingContent: message = "unexpected content after the JSON value"
        }
        return "\(line):\(column): \(message)"
    }
}

private struct JSONReader {
    static let maximumDepth = 512

    let bytes: [UInt8]
    var offset = 0
    var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            offset = 3
        }
    }

    mutating func readDocument() throws(JSONParseError) -> MustacheValue {
        let value = try readValue()
        skipWhitespace()
        guard offset == bytes.count else {
            throw .trailingContent(bytes, offset)
        }
        return value
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            offset += 1
        }
    }

    private mutating func expect(_ literal: String, _ value: MustacheValue) throws(JSONParseError) -> MustacheValue {
        let start = offset
        for byte in literal.utf8 {
            guard current == byte else { throw .expected("'\(literal)'", bytes, start) }
            offset += 1
        }
        return value
    }

    private mutating func readValue() throws(JSONParseError) -> MustacheValue {
        skipWhitespace()
        guard let byte = current else { throw .expected("a value", bytes, offset) }
        switch byte {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw .expected("a value", bytes, offset)
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > Self.maximumDepth { throw .nestingTooDeep(bytes, offset) }
    }

    private mutating func readObject() throws(JSONParseError) -> MustacheValue {
        try enter()
        offset += 1
        var fields = MustacheObject()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            return .object(fields)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw .expected("a string key", bytes, offset) }
            let key = try readString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw .expected("':'", bytes, offset) }
            offset += 1
            fields[key] = try readValue()
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                offset += 1
            } else if current == UInt8(ascii: "}") {
                offset += 1
                depth -= 1
                return .object(fields)
            } else {
                throw .expected("',' or '}'", bytes, offset)
            }
        }
    }

    private mutating func readArray() throws(JSONParseError) -> MustacheValue {
        try enter()
        offset += 1
        var elements: [MustacheValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            return .list(elements)
        }
        while true {
            elements.append(try readValue())
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                offset += 1
            } else if current == UInt8(ascii: "]") {
                offset += 1
                depth -= 1
                return .list(elements)
            } else {
                throw .expected("',' or ']'", bytes, offset)
            }
        }
    }

    private mutating func readString() throws(JSONParseError) -> String {
        offset += 1
        var scalars: [UInt8] = []
        var runStart = offset
        while true {
            guard let byte = current else { throw .expected("'\"' to close the string", bytes, offset) }
            if byte == UInt8(ascii: "\"") {
                scalars.append(contentsOf: bytes[runStart..<offset])
                offset += 1
                return String(decoding: scalars, as: UTF8.self)
            }
            if byte < 0x20 { throw .expected("an escaped control character", bytes, offset) }
            if byte != UInt8(ascii: "\\") {
                offset += 1
                continue
            }
            scalars.append(contentsOf: bytes[runStart..<offset])
            offset += 1
            guard let escaped = current else { throw .invalidEscape(bytes, offset) }
            offset += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"): scalars.append(contentsOf: try readUnicodeEscape())
            default: throw .invalidEscape(bytes, offset - 1)
            }
            runStart = offset
        }
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw .invalidEscape(bytes, offset) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidEscape(bytes, offset)
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private mutating func readUnicodeEscape() throws(JSONParseError) -> [UInt8] {
        var code = try readHex4()
        if (0xD800...0xDBFF).contains(code) {
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw .invalidEscape(bytes, offset)
            }
            offset += 2
            let low = try readHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw .invalidEscape(bytes, offset) }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw .invalidEscape(bytes, offset) }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func readNumber() throws(JSONParseError) -> MustacheValue {
        let start = offset
        var isInteger = true
        if current == UInt8(ascii: "-") { offset += 1 }
        guard let first = current, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
            throw .invalidNumber(bytes, start)
        }
        if first == UInt8(ascii: "0") {
            offset += 1
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            guard skipDigits() > 0 else { throw .invalidNumber(bytes, start) }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            guard skipDigits() > 0 else { throw .invalidNumber(bytes, start) }
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if isInteger, let integer = Int(text) {
            return .int(integer)
        }
        guard let double = Double(text) else { throw .invalidNumber(bytes, start) }
        return .double(double)
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = offset
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            offset += 1
        }
        return offset - start
    }
}
