extension HTTPDate {
    struct DateParts {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`
    static func imfFixdate(_ bytes: [UInt8]) -> DateParts? {
        guard bytes.count == 29, name(bytes, 0..<3, in: weekdayNames) != nil,
              literal(bytes, 3, ", "), literal(bytes, 25, " GMT"),
              bytes[7] == UInt8(ascii: " "), bytes[11] == UInt8(ascii: " "), bytes[16] == UInt8(ascii: " "),
              let day = number(bytes, 5..<7), let month = name(bytes, 8..<11, in: monthNames),
              let year = number(bytes, 12..<16), let time = timeOfDay(bytes, 17)
        else { return nil }
        return validated(DateParts(year: year, month: month + 1, day: day, hour: time.0, minute: time.1, second: time.2))
    }

    /// `Sunday, 06-Nov-94 08:49:37 GMT`
    static func rfc850(_ bytes: [UInt8]) -> DateParts? {
        guard let comma = bytes.firstIndex(of: UInt8(ascii: ",")),
              name(bytes, 0..<comma, in: longWeekdayNames) != nil,
              bytes.count == comma + 24, bytes[comma + 1] == UInt8(ascii: " "),
              bytes[comma + 4] == UInt8(ascii: "-"), bytes[comma + 8] == UInt8(ascii: "-"),
              bytes[comma + 11] == UInt8(ascii: " "), literal(bytes, comma + 20, " GMT"),
              let day = number(bytes, (comma + 2)..<(comma + 4)),
              let month = name(bytes, (comma + 5)..<(comma + 8), in: monthNames),
              let shortYear = number(bytes, (comma + 9)..<(comma + 11)),
              let time = timeOfDay(bytes, comma + 12)
        else { return nil }
        let year = shortYear < 70 ? 2000 + shortYear : 1900 + shortYear
        return validated(DateParts(year: year, month: month + 1, day: day, hour: time.0, minute: time.1, second: time.2))
    }

    /// `Sun Nov  6 08:49:37 1994`
    static func asctime(_ bytes: [UInt8]) -> DateParts? {
        guard bytes.count == 24, name(bytes, 0..<3, in: weekdayNames) != nil,
              bytes[3] == UInt8(ascii: " "), bytes[7] == UInt8(ascii: " "), bytes[10] == UInt8(ascii: " "),
              bytes[19] == UInt8(ascii: " "),
              let month = name(bytes, 4..<7, in: monthNames),
              let time = timeOfDay(bytes, 11), let year = number(bytes, 20..<24)
        else { return nil }
        let day: Int
        if bytes[8] == UInt8(ascii: " "), let single = number(bytes, 9..<10) {
            day = single
        } else if let double = number(bytes, 8..<10) {
            day = double
        } else {
            return nil
        }
        return validated(DateParts(year: year, month: month + 1, day: day, hour: time.0, minute: time.1, second: time.2))
    }

    static func secondsSince1970(_ parts: DateParts) -> Int {
        let days = daysSince1970(year: parts.year, month: parts.month, day: parts.day)
        return days * 86_400 + parts.hour * 3600 + parts.minute * 60 + parts.second
    }

    private static func validated(_ parts: DateParts) -> DateParts? {
        let february: Int = isLeapYear(parts.year) ? 29 : 28
        let daysInMonth: [Int] = [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(parts.month), (1...daysInMonth[parts.month - 1]).contains(parts.day),
              parts.hour < 24, parts.minute < 60, parts.second <= 60
        else { return nil }
        var clamped = parts
        clamped.second = min(parts.second, 59)  // a leap second reads as the second before it
        return clamped
    }

    private static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// `HH:MM:SS` at `start`.
    private static func timeOfDay(_ bytes: [UInt8], _ start: Int) -> (Int, Int, Int)? {
        guard start + 8 <= bytes.count, bytes[start + 2] == UInt8(ascii: ":"), bytes[start + 5] == UInt8(ascii: ":"),
              let hour = number(bytes, start..<(start + 2)), let minute = number(bytes, (start + 3)..<(start + 5)),
              let second = number(bytes, (start + 6)..<(start + 8))
        else { return nil }
        return (hour, minute, second)
    }

    private static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
        var value = 0
        for index in range {
            guard HTTPSyntax.isDigit(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - 48)
        }
        return value
    }

    /// The index of the (case-sensitive) name in `names` spelled by the bytes in `range`.
    private static func name(_ bytes: [UInt8], _ range: Range<Int>, in names: [String]) -> Int? {
        guard range.upperBound <= bytes.count else { return nil }
        let slice = bytes[range]
        return names.firstIndex(where: { $0.utf8.elementsEqual(slice) })
    }

    private static func literal(_ bytes: [UInt8], _ start: Int, _ text: String) -> Bool {
        let count = text.utf8.count
        guard start + count <= bytes.count else { return false }
        return bytes[start..<(start + count)].elementsEqual(text.utf8)
    }
}
