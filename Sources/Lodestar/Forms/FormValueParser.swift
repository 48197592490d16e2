/// Parses the textual answers and bounds of a form: numbers, ISO dates and email
/// addresses, the way the landing page's validator and renderer both read them.
enum FormValueParser {
    /// A calendar date written `YYYY-MM-DD` that exists (no 2025-02-30), as a comparable
    /// number `YYYYMMDD`; nil otherwise.
    static func isoDate(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return year * 10000 + month * 100 + day
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A finite decimal number (`-12`, `3.5`, `1e3`); nil for anything else, including
    /// "nan", "inf" and hexadecimal.
    static func number(_ text: String) -> Double? {
        let allowed = Set("0123456789+-.eE")
        guard !text.isEmpty, text.allSatisfy({ allowed.contains($0) }), let value = Double(text), value.isFinite else {
            return nil
        }
        return value
    }

    /// Whether `text` looks like a deliverable address: one `@`, a non-empty local part
    /// without spaces, and a domain with a dot whose labels are letters, digits and
    /// hyphens (no leading or trailing hyphen). Deliberately no more than browsers check.
    static func isEmail(_ text: String) -> Bool {
        guard text.utf8.count <= 254 else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty else { return false }
        guard !local.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" || $0 == "," }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.allSatisfy({ ($0.isLetter || $0.isNumber || $0 == "-") && !$0.isWhitespace }) else { return false }
        }
        return true
    }

    /// Whether `text` uses only what people type in phone numbers: digits, spaces, and
    /// `+ - . ( ) /`, with at least five digits and a `+` only in front.
    static func isPhone(_ text: String) -> Bool {
        let allowed = Set("0123456789 +-.()/")
        guard text.allSatisfy({ allowed.contains($0) }) else { return false }
        guard !text.dropFirst().contains("+") else { return false }
        return text.filter(\.isNumber).count >= 5
    }
}
