// Percent-decoding and `application/x-www-form-urlencoded` splitting, as the router, the
// query and form parsing need them. Kept internal: if the HTTP target grows public
// helpers for the same job, these should give way to them.

enum URLEncoding {
    /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`). Nil when an escape is
    /// malformed or the decoded bytes are not valid UTF-8.
    static func decode(_ text: Substring, plusAsSpace: Bool) -> String? {
        let utf8 = text.utf8
        let needsWork = utf8.contains { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }
        if !needsWork { return String(text) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first != utf8.endIndex else { return nil }
                let second = utf8.index(after: first)
                guard second != utf8.endIndex,
                      let high = hexValue(utf8[first]), let low = hexValue(utf8[second])
                else { return nil }
                bytes.append(high << 4 | low)
                index = utf8.index(after: second)
            } else {
                bytes.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Splits `name=value&name=value` into decoded pairs, in order. Empty pieces
    /// (`a=1&&b=2`) are skipped; a piece without `=` has an empty value. Nil when any
    /// name or value cannot be decoded, or when there are more than `maxFields` pairs.
    static func parseForm(_ text: Substring, maxFields: Int) -> [FormField]? {
        var fields: [FormField] = []
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            guard fields.count < maxFields else { return nil }
            let name: Substring
            let value: Substring
            if let equals = piece.firstIndex(of: "=") {
                name = piece[..<equals]
                value = piece[piece.index(after: equals)...]
            } else {
                name = piece
                value = piece[piece.endIndex...]
            }
            guard let decodedName = decode(name, plusAsSpace: true),
                  let decodedValue = decode(value, plusAsSpace: true)
            else { return nil }
            fields.append(FormField(name: decodedName, value: decodedValue))
        }
        return fields
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// One decoded `name=value` pair of a query string or form body.
public struct FormField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
