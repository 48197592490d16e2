/// The request head being assembled line by line, with what the framing rules need to know
/// gathered as each field arrives (so no second pass over the headers).
struct PendingHead: Sendable {
    var method = HTTPMethod.get
    var target = ""
    var version = HTTPVersion.http1_1
    var headers = HTTPHeaders()
    var headerBytes = 0
    var facts = FramingFacts()
}

/// Fields with a meaning to the parser (RFC 9112 §6, §9.3; RFC 9110 §7.2, §10.1.1).
enum KnownField {
    case host, contentLength, transferEncoding, connection, expect, other

    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> KnownField {
        switch name.count {
        case 4 where HTTPSyntax.equalsLowercase(bytes, name, "host"): .host
        case 6 where HTTPSyntax.equalsLowercase(bytes, name, "expect"): .expect
        case 10 where HTTPSyntax.equalsLowercase(bytes, name, "connection"): .connection
        case 14 where HTTPSyntax.equalsLowercase(bytes, name, "content-length"): .contentLength
        case 17 where HTTPSyntax.equalsLowercase(bytes, name, "transfer-encoding"): .transferEncoding
        default: .other
        }
    }
}

/// A validated field line: where its name and (trimmed) value are in the buffer.
struct FieldLine {
    var name: Range<Int>
    var value: Range<Int>
}

extension HTTPRequestParser {
    mutating func parseHeaderField(_ range: Range<Int>, line: Int) throws(HTTPParseError) {
        if pending.headers.count >= limits.maxHeaderCount {
            throw HTTPParseError(.tooManyHeaderFields, line: line, column: 1)
        }
        let version = pending.version
        var facts = pending.facts
        let (name, value) = try buffer.withUnsafeBufferPointer { (bytes) throws(HTTPParseError) -> (String, String) in
            let field = try Self.fieldLine(bytes, range, line: line)
            let kind = KnownField.classify(bytes, field.name)
            if kind != .other {
                try facts.record(kind, bytes, field.value, version: version, line: line, lineStart: range.lowerBound)
            }
            return (HTTPSyntax.string(bytes, field.name), HTTPSyntax.string(bytes, field.value))
        }
        pending.facts = facts
        pending.headers.add(name, value)
    }

    /// Trailer fields are validated like header fields; the ones that could change framing,
    /// routing, authentication or connection handling if someone merged them into the head
    /// are dropped (RFC 9110 §6.5.1), everything else is handed out with `.end`.
    mutating func parseTrailerField(_ range: Range<Int>, line: Int) throws(HTTPParseError) {
        if trailers.count >= limits.maxHeaderCount {
            throw HTTPParseError(.tooManyHeaderFields, line: line, column: 1)
        }
        let (name, value) = try buffer.withUnsafeBufferPointer { (bytes) throws(HTTPParseError) -> (String, String) in
            let field = try Self.fieldLine(bytes, range, line: line)
            return (HTTPSyntax.string(bytes, field.name), HTTPSyntax.string(bytes, field.value))
        }
        if Self.forbiddenTrailerNames.contains(where: { HTTPHeaders.namesMatch($0, name) }) { return }
        trailers.add(name, value)
    }

    static let forbiddenTrailerNames = [
        "Content-Length", "Transfer-Encoding", "Host", "Connection", "Keep-Alive", "TE", "Trailer",
        "Upgrade", "Expect", "Content-Type", "Content-Encoding", "Content-Range", "Authorization",
        "Proxy-Authorization", "Cookie", "Set-Cookie", "Cache-Control", "Max-Forwards",
    ]

    /// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5). No whitespace before
    /// the colon, no obs-fold, and a value of visible characters, SP, HTAB and obs-text only.
    static func fieldLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int) throws(HTTPParseError) -> FieldLine {
        func fail(_ kind: HTTPParseError.Kind, at position: Int) -> HTTPParseError {
            HTTPParseError(kind, line: line, column: position - range.lowerBound + 1)
        }
        var position = range.lowerBound
        if HTTPSyntax.isWhitespace(bytes[position]) { throw fail(.obsoleteLineFolding, at: position) }
        while position < range.upperBound, HTTPSyntax.isTokenByte(bytes[position]) { position += 1 }
        let nameEnd = position
        guard position < range.upperBound, bytes[position] == HTTPSyntax.colon else {
            guard position < range.upperBound else { throw fail(.invalidFieldNameCharacter, at: position) }
            let byte = bytes[position]
            if HTTPSyntax.isWhitespace(byte) { throw fail(.whitespaceBeforeColon, at: position) }
            if byte == HTTPSyntax.cr { throw fail(.bareCarriageReturn, at: position) }
            throw fail(.invalidFieldNameCharacter, at: position)
        }
        guard nameEnd > range.lowerBound else { throw fail(.missingFieldName, at: position) }

        let value = HTTPSyntax.trimmingWhitespace(bytes, (nameEnd + 1)..<range.upperBound)
        position = value.lowerBound
        while position < value.upperBound {
            let byte = bytes[position]
            if byte < 0x20 && byte != HTTPSyntax.tab || byte == 0x7F {
                switch byte {
                case 0: throw fail(.nulInFieldValue, at: position)
                case HTTPSyntax.cr: throw fail(.bareCarriageReturn, at: position)
                default: throw fail(.controlCharacterInFieldValue, at: position)
                }
            }
            position += 1
        }
        return FieldLine(name: range.lowerBound..<nameEnd, value: value)
    }

    /// Builds the head once the empty line has arrived, applying the rules that need every
    /// field: Host presence, Content-Length versus Transfer-Encoding, keep-alive.
    mutating func finishHead(line: Int) throws(HTTPParseError) -> HTTPRequestHead {
        let facts = pending.facts
        let version = pending.version
        func fail(_ kind: HTTPParseError.Kind) -> HTTPParseError { HTTPParseError(kind, line: line, column: 1) }

        if version == .http1_1, facts.hostCount == 0 { throw fail(.missingHost) }
        let framing: BodyFraming
        if let codings = facts.transferCodings {
            if version == .http1_0 { throw fail(.transferEncodingInHTTP10) }
            if facts.contentLength != nil { throw fail(.contentLengthWithTransferEncoding) }
            if codings.count == 0 { throw fail(.malformedTransferEncoding) }
            if !codings.lastIsChunked { throw fail(.chunkedNotLast) }
            if codings.chunkedCount > 1 { throw fail(.malformedTransferEncoding) }
            if codings.hasOtherCoding { throw fail(.unsupportedTransferCoding) }
            framing = .chunked
        } else if let length = facts.contentLength {
            framing = .contentLength(length)
        } else {
            framing = .none
        }

        let keepAlive = version == .http1_1 ? !facts.closeRequested : facts.keepAliveRequested && !facts.closeRequested
        return HTTPRequestHead(
            method: pending.method, target: pending.target, version: version, headers: pending.headers,
            framing: framing, keepAlive: keepAlive,
            // RFC 9110 §10.1.1: a server must ignore 100-continue in an HTTP/1.0 request.
            expectsContinue: facts.expectsContinue && version == .http1_1
        )
    }
}
