extension HTTPRequestParser {
    /// request-line = method SP request-target SP HTTP-version (RFC 9112 §3), with exactly
    /// one space between the parts.
    mutating func parseRequestLine(_ range: Range<Int>, line: Int) throws(HTTPParseError) {
        let parsed = try buffer.withUnsafeBufferPointer { (bytes) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) in
            func fail(_ kind: HTTPParseError.Kind, at position: Int) -> HTTPParseError {
                HTTPParseError(kind, line: line, column: position - range.lowerBound + 1)
            }
            var position = range.lowerBound
            while position < range.upperBound, HTTPSyntax.isTokenByte(bytes[position]) { position += 1 }
            let methodEnd = position
            guard methodEnd > range.lowerBound else {
                throw fail(bytes[position] == HTTPSyntax.space ? .missingMethod : .invalidMethodCharacter, at: position)
            }
            guard position < range.upperBound else { throw fail(.malformedRequestLine, at: position) }
            guard bytes[position] == HTTPSyntax.space else {
                throw fail(bytes[position] == HTTPSyntax.cr ? .bareCarriageReturn : .invalidMethodCharacter, at: position)
            }
            let method = Self.method(bytes, range.lowerBound..<methodEnd)

            let targetStart = position + 1
            position = targetStart
            while position < range.upperBound, bytes[position] != HTTPSyntax.space { position += 1 }
            let targetEnd = position
            guard targetEnd > targetStart, position < range.upperBound else {
                throw fail(.malformedRequestLine, at: position)
            }
            try Self.validateTarget(bytes, targetStart..<targetEnd, method: method, line: line, lineStart: range.lowerBound)
            let target = HTTPSyntax.string(bytes, targetStart..<targetEnd)

            let versionStart = position + 1
            let version = try Self.version(bytes, versionStart..<range.upperBound, line: line, lineStart: range.lowerBound)
            return (method, target, version)
        }
        pending.method = parsed.0
        pending.target = parsed.1
        pending.version = parsed.2
    }

    /// The shared instance for common methods, a new one for any other token.
    private static func method(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> HTTPMethod {
        switch range.count {
        case 3:
            if bytes[range.lowerBound] == UInt8(ascii: "G"), bytes[range.lowerBound + 1] == UInt8(ascii: "E"),
               bytes[range.lowerBound + 2] == UInt8(ascii: "T") { return .get }
            if bytes[range.lowerBound] == UInt8(ascii: "P"), bytes[range.lowerBound + 1] == UInt8(ascii: "U"),
               bytes[range.lowerBound + 2] == UInt8(ascii: "T") { return .put }
        case 4:
            if bytes[range.lowerBound] == UInt8(ascii: "P"), bytes[range.lowerBound + 1] == UInt8(ascii: "O"),
               bytes[range.lowerBound + 2] == UInt8(ascii: "S"), bytes[range.lowerBound + 3] == UInt8(ascii: "T") {
                return .post
            }
            if bytes[range.lowerBound] == UInt8(ascii: "H"), bytes[range.lowerBound + 1] == UInt8(ascii: "E"),
               bytes[range.lowerBound + 2] == UInt8(ascii: "A"), bytes[range.lowerBound + 3] == UInt8(ascii: "D") {
                return .head
            }
        default:
            break
        }
        return HTTPMethod(rawValue: HTTPSyntax.string(bytes, range))
    }

    /// Visible ASCII only, no `#` (fragments are never sent), `%` followed by two hex digits;
    /// and one of the forms a server accepts (RFC 9112 §3.2): origin form (`/...`), absolute
    /// form with an http or https scheme, or `*` for OPTIONS. Authority form (CONNECT) is
    /// refused: this server is not a proxy.
    private static func validateTarget(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, method: HTTPMethod, line: Int, lineStart: Int
    ) throws(HTTPParseError) {
        var position = range.lowerBound
        while position < range.upperBound {
            let byte = bytes[position]
            if byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "#") {
                let kind: HTTPParseError.Kind = byte == HTTPSyntax.cr ? .bareCarriageReturn : .invalidTargetCharacter
                throw HTTPParseError(kind, line: line, column: position - lineStart + 1)
            }
            if byte == HTTPSyntax.percent {
                guard position + 2 < range.upperBound,
                      HTTPSyntax.hexValue(bytes[position + 1]) != nil,
                      HTTPSyntax.hexValue(bytes[position + 2]) != nil
                else {
                    throw HTTPParseError(.invalidPercentEscape, line: line, column: position - lineStart + 1)
                }
            }
            position += 1
        }
        let first = bytes[range.lowerBound]
        if first == UInt8(ascii: "/") { return }
        if range.count == 1, first == UInt8(ascii: "*") {
            guard method == .options else {
                throw HTTPParseError(.asteriskTargetWithoutOptions, line: line, column: range.lowerBound - lineStart + 1)
            }
            return
        }
        if isHTTPAbsoluteForm(bytes, range) { return }
        throw HTTPParseError(.unsupportedTargetForm, line: line, column: range.lowerBound - lineStart + 1)
    }

    /// `http://` or `https://` (scheme case-insensitive) followed by a non-empty authority.
    private static func isHTTPAbsoluteForm(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var authorityStart: Int
        if range.count > 7, HTTPSyntax.equalsLowercase(bytes, range.lowerBound..<(range.lowerBound + 7), "http://") {
            authorityStart = range.lowerBound + 7
        } else if range.count > 8, HTTPSyntax.equalsLowercase(bytes, range.lowerBound..<(range.lowerBound + 8), "https://") {
            authorityStart = range.lowerBound + 8
        } else {
            return false
        }
        let first = bytes[authorityStart]
        return first != UInt8(ascii: "/") && first != UInt8(ascii: "?")
    }

    /// HTTP-version = "HTTP/" DIGIT "." DIGIT. Well-formed but other than 1.0/1.1 is 505.
    private static func version(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int, lineStart: Int
    ) throws(HTTPParseError) -> HTTPVersion {
        let column = range.lowerBound - lineStart + 1
        for position in range {
            if bytes[position] == HTTPSyntax.cr {
                throw HTTPParseError(.bareCarriageReturn, line: line, column: position - lineStart + 1)
            }
            if bytes[position] == HTTPSyntax.space {
                throw HTTPParseError(.malformedRequestLine, line: line, column: position - lineStart + 1)
            }
        }
        guard range.count == 8,
              bytes[range.lowerBound] == UInt8(ascii: "H"), bytes[range.lowerBound + 1] == UInt8(ascii: "T"),
              bytes[range.lowerBound + 2] == UInt8(ascii: "T"), bytes[range.lowerBound + 3] == UInt8(ascii: "P"),
              bytes[range.lowerBound + 4] == UInt8(ascii: "/"), HTTPSyntax.isDigit(bytes[range.lowerBound + 5]),
              bytes[range.lowerBound + 6] == UInt8(ascii: "."), HTTPSyntax.isDigit(bytes[range.lowerBound + 7])
        else {
            throw HTTPParseError(.malformedVersion, line: line, column: column)
        }
        let major = Int(bytes[range.lowerBound + 5] - 48), minor = Int(bytes[range.lowerBound + 7] - 48)
        guard major == 1, minor <= 1 else { throw HTTPParseError(.unsupportedVersion, line: line, column: column) }
        return minor == 1 ? .http1_1 : .http1_0
    }
}
