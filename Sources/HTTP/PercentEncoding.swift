/// Percent-encoding (RFC 3986 §2.1) of URL components and form fields.
public enum PercentEncoding {
    /// Decodes `%XX` escapes (and `+` as space when `plusAsSpace`, as forms and query strings
    /// use it). Throws on a `%` without two hex digits after it or on a result that is not
    /// UTF-8; never guesses.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) throws(URLEncodingError) -> String {
        var utf8 = Array(text.utf8)
        return try decode(&utf8, 0..<utf8.count, plusAsSpace: plusAsSpace, start: Position(line: 1, column: 1))
    }

    /// Encodes every byte except the unreserved characters (ALPHA, DIGIT, `-`, `.`, `_`, `~`)
    /// as `%XX`, with uppercase hex; with `spaceAsPlus`, a space becomes `+` (form encoding).
    public static func encode(_ text: some StringProtocol, spaceAsPlus: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else if spaceAsPlus, byte == HTTPSyntax.space {
                bytes.append(UInt8(ascii: "+"))
            } else {
                bytes.append(HTTPSyntax.percent)
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0xF))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    struct Position {
        var line: Int
        var column: Int
    }

    /// Decodes the bytes of `range` in place (the result is never longer) and returns them as
    /// a String. `start` is the position of `range.lowerBound` in the whole input, for errors.
    static func decode(_ bytes: inout [UInt8], _ range: Range<Int>, plusAsSpace: Bool, start: Position) throws(URLEncodingError) -> String {
        var read = range.lowerBound, write = range.lowerBound
        var position = start
        while read < range.upperBound {
            var byte = bytes[read]
            if byte == HTTPSyntax.percent {
                guard read + 2 < range.upperBound,
                      let high = HTTPSyntax.hexValue(bytes[read + 1]), let low = HTTPSyntax.hexValue(bytes[read + 2])
                else { throw URLEncodingError(.invalidEscape, line: position.line, column: position.column) }
                byte = UInt8(high << 4 | low)
                read += 3
                position.column += 3
            } else {
                if plusAsSpace, byte == UInt8(ascii: "+") { byte = HTTPSyntax.space }
                read += 1
                if byte == HTTPSyntax.lf {
                    position.line += 1
                    position.column = 1
                } else {
                    position.column += 1
                }
            }
            bytes[write] = byte
            write += 1
        }
        let decoded = bytes[range.lowerBound..<write]
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw URLEncodingError(.invalidUTF8, line: start.line, column: start.column)
        }
        return text
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? value + 48 : value + 55 }
}
