/// What the framing-relevant fields of a head said, gathered field by field.
///
/// Rules (RFC 9112 §6.1-6.3, RFC 9110 §7.2, §8.6): exactly one Host in HTTP/1.1 (at most one
/// in HTTP/1.0), without commas, whitespace or characters a host cannot contain;
/// Content-Length is 1*DIGIT, a repeated field or a list is accepted only when every value is
/// the same (`5, 5` is 5); Transfer-Encoding must end in `chunked`, may contain it once, is
/// refused with Content-Length or in HTTP/1.0, and any coding other than chunked answers 501
/// (we decode none). `Connection` tokens `close` and `keep-alive` decide persistence;
/// `Expect: 100-continue` sets `expectsContinue`, other expectations are left in the headers
/// for the server to answer 417 (`HTTPRequestHead.hasUnsupportedExpectation`).
struct FramingFacts: Sendable {
    var hostCount = 0
    var contentLength: Int?
    var transferCodings: TransferCodings?
    var closeRequested = false
    var keepAliveRequested = false
    var expectsContinue = false

    struct TransferCodings: Sendable {
        var count = 0
        var chunkedCount = 0
        var lastIsChunked = false
        var hasOtherCoding = false
    }

    mutating func record(
        _ field: KnownField, _ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>,
        version: HTTPVersion, line: Int, lineStart: Int
    ) throws(HTTPParseError) {
        func fail(_ kind: HTTPParseError.Kind, at position: Int) -> HTTPParseError {
            HTTPParseError(kind, line: line, column: position - lineStart + 1)
        }
        switch field {
        case .host:
            hostCount += 1
            if hostCount > 1 { throw fail(.repeatedHost, at: value.lowerBound) }
            for position in value where !Self.isHostByte(bytes[position]) {
                throw fail(.invalidHost, at: position)
            }
        case .contentLength:
            try recordContentLength(bytes, value, fail: fail)
        case .transferEncoding:
            var codings = transferCodings ?? TransferCodings()
            try Self.forEachListElement(bytes, value) { (element) throws(HTTPParseError) in
                try codings.add(bytes, element, fail: fail)
            }
            transferCodings = codings
        case .connection:
            try Self.forEachListElement(bytes, value) { (element) throws(HTTPParseError) in
                if HTTPSyntax.equalsLowercase(bytes, element, "close") { closeRequested = true }
                if HTTPSyntax.equalsLowercase(bytes, element, "keep-alive") { keepAliveRequested = true }
            }
        case .expect:
            try Self.forEachListElement(bytes, value) { (element) throws(HTTPParseError) in
                if HTTPSyntax.equalsLowercase(bytes, element, "100-continue") { expectsContinue = true }
            }
        case .other:
            break
        }
    }

    private mutating func recordContentLength(
        _ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>,
        fail: (HTTPParseError.Kind, Int) -> HTTPParseError
    ) throws(HTTPParseError) {
        var known = contentLength
        var position = value.lowerBound
        repeat {
            while position < value.upperBound, HTTPSyntax.isWhitespace(bytes[position]) { position += 1 }
            let start = position
            var number = 0
            while position < value.upperBound, HTTPSyntax.isDigit(bytes[position]) {
                let (times10, overflowA) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times10.addingReportingOverflow(Int(bytes[position] - 48))
                if overflowA || overflowB { throw fail(.contentLengthOverflow, start) }
                number = sum
                position += 1
            }
            if position == start { throw fail(.invalidContentLength, position) }
            while position < value.upperBound, HTTPSyntax.isWhitespace(bytes[position]) { position += 1 }
            if position < value.upperBound, bytes[position] != HTTPSyntax.comma {
                throw fail(.invalidContentLength, position)
            }
            if let known, known != number { throw fail(.differingContentLengths, start) }
            known = number
            position += 1
        } while position <= value.upperBound
        contentLength = known
    }

    /// Calls `body` with each non-empty element of a comma-separated list, trimmed of
    /// whitespace; commas inside quoted strings do not split.
    static func forEachListElement(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        _ body: (Range<Int>) throws(HTTPParseError) -> Void
    ) throws(HTTPParseError) {
        var start = range.lowerBound
        var position = range.lowerBound
        var inQuotes = false
        while position <= range.upperBound {
            if position == range.upperBound || (!inQuotes && bytes[position] == HTTPSyntax.comma) {
                let element = HTTPSyntax.trimmingWhitespace(bytes, start..<position)
                if !element.isEmpty { try body(element) }
                start = position + 1
            } else if bytes[position] == HTTPSyntax.quote {
                inQuotes.toggle()
            } else if inQuotes, bytes[position] == HTTPSyntax.backslash {
                position += 1
            }
            position += 1
        }
    }

    /// uri-host [ ":" port ]: unreserved, sub-delims other than comma, `%`, `:`, `[`, `]`.
    static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"),
             UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ";"), UInt8(ascii: "="),
             UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }
}

extension FramingFacts.TransferCodings {
    /// transfer-coding = token *( OWS ";" OWS token "=" ( token / quoted-string ) )
    mutating func add(
        _ bytes: UnsafeBufferPointer<UInt8>, _ element: Range<Int>,
        fail: (HTTPParseError.Kind, Int) -> HTTPParseError
    ) throws(HTTPParseError) {
        var position = element.lowerBound
        while position < element.upperBound, HTTPSyntax.isTokenByte(bytes[position]) { position += 1 }
        let name = element.lowerBound..<position
        if name.isEmpty { throw fail(.malformedTransferEncoding, position) }
        let isChunked = HTTPSyntax.equalsLowercase(bytes, name, "chunked")
        if position < element.upperBound {
            if isChunked { throw fail(.malformedTransferEncoding, position) }
            try Self.validateParameters(bytes, position..<element.upperBound, fail: fail)
        }
        count += 1
        if isChunked { chunkedCount += 1 } else { hasOtherCoding = true }
        lastIsChunked = isChunked
    }

    private static func validateParameters(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        fail: (HTTPParseError.Kind, Int) -> HTTPParseError
    ) throws(HTTPParseError) {
        var position = range.lowerBound
        while position < range.upperBound {
            while position < range.upperBound, HTTPSyntax.isWhitespace(bytes[position]) { position += 1 }
            guard position < range.upperBound, bytes[position] == HTTPSyntax.semicolon else {
                throw fail(.malformedTransferEncoding, position)
            }
            position += 1
            while position < range.upperBound, HTTPSyntax.isWhitespace(bytes[position]) { position += 1 }
            let nameStart = position
            while position < range.upperBound, HTTPSyntax.isTokenByte(bytes[position]) { position += 1 }
            guard position > nameStart, position < range.upperBound, bytes[position] == HTTPSyntax.equals else {
                throw fail(.malformedTransferEncoding, position)
            }
            position += 1
            guard let end = ChunkExtensionSyntax.valueEnd(bytes, position, range.upperBound) else {
                throw fail(.malformedTransferEncoding, position)
            }
            position = end
        }
    }
}
