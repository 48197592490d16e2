extension HTTPRequestParser {
    /// Sixteen hex digits hold any size up to Int.max; leading zeros count against it.
    static let maxChunkSizeDigits = 16

    /// chunk-size [ chunk-ext ] (RFC 9112 §7.1). Extensions are validated and skipped.
    func parseChunkSizeLine(_ range: Range<Int>, line: Int) throws(HTTPParseError) -> Int {
        let maxExtensionBytes = limits.maxChunkExtensionBytes
        return try buffer.withUnsafeBufferPointer { (bytes) throws(HTTPParseError) -> Int in
            func fail(_ kind: HTTPParseError.Kind, at position: Int) -> HTTPParseError {
                HTTPParseError(kind, line: line, column: position - range.lowerBound + 1)
            }
            var position = range.lowerBound
            var size = 0
            while position < range.upperBound, let digit = HTTPSyntax.hexValue(bytes[position]) {
                if position - range.lowerBound == Self.maxChunkSizeDigits {
                    throw fail(.chunkSizeTooLong, at: position)
                }
                let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
                if overflow { throw fail(.chunkSizeOverflow, at: range.lowerBound) }
                size = shifted | digit
                position += 1
            }
            if position == range.lowerBound {
                let isBareCR = position < range.upperBound && bytes[position] == HTTPSyntax.cr
                throw fail(isBareCR ? .bareCarriageReturn : .invalidChunkSize, at: position)
            }
            if position < range.upperBound {
                if range.upperBound - position > maxExtensionBytes {
                    throw HTTPParseError(.chunkLineTooLong, line: line, column: 1)
                }
                if let bad = ChunkExtensionSyntax.firstError(bytes, position..<range.upperBound) {
                    let isBareCR = bad < range.upperBound && bytes[bad] == HTTPSyntax.cr
                    throw fail(isBareCR ? .bareCarriageReturn : .invalidChunkExtension, at: bad)
                }
            }
            return size
        }
    }
}

/// chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
enum ChunkExtensionSyntax {
    /// The position of the first byte that breaks the grammar, or nil when the range is a
    /// valid chunk-ext.
    static func firstError(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var position = range.lowerBound
        func skipWhitespace() {
            while position < range.upperBound, HTTPSyntax.isWhitespace(bytes[position]) { position += 1 }
        }
        while position < range.upperBound {
            skipWhitespace()
            guard position < range.upperBound, bytes[position] == HTTPSyntax.semicolon else { return position }
            position += 1
            skipWhitespace()
            let nameStart = position
            while position < range.upperBound, HTTPSyntax.isTokenByte(bytes[position]) { position += 1 }
            if position == nameStart { return position }
            let afterName = position
            skipWhitespace()
            if position < range.upperBound, bytes[position] == HTTPSyntax.equals {
                position += 1
                skipWhitespace()
                guard let end = valueEnd(bytes, position, range.upperBound) else { return position }
                position = end
            } else {
                position = afterName
            }
        }
        return nil
    }

    /// The end of a token or quoted-string starting at `start`, or nil when there is none.
    static func valueEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ limit: Int) -> Int? {
        guard start < limit else { return nil }
        var position = start
        if bytes[position] == HTTPSyntax.quote {
            position += 1
            while position < limit {
                let byte = bytes[position]
                if byte == HTTPSyntax.quote { return position + 1 }
                if byte == HTTPSyntax.backslash {
                    position += 1
                    guard position < limit, HTTPSyntax.isQuotedTextByte(bytes[position]) else { return nil }
                } else if !HTTPSyntax.isQuotedTextByte(byte) {
                    return nil
                }
                position += 1
            }
            return nil
        }
        while position < limit, HTTPSyntax.isTokenByte(bytes[position]) { position += 1 }
        return position > start ? position : nil
    }
}
