import Foundation

/// HTTP dates (RFC 9110 §5.6.7) as whole seconds since 1970: written as IMF-fixdate,
/// read in all three formats a recipient must accept.
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func format(_ secondsSince1970: Int) -> String {
        var seconds = time_t(secondsSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let weekday = weekdays[Int(parts.tm_wday) % 7]
        let month = months[Int(parts.tm_mon) % 12]
        return "\(weekday), \(LogTimestamp.pad(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
            + "\(LogTimestamp.pad(parts.tm_hour)):\(LogTimestamp.pad(parts.tm_min)):\(LogTimestamp.pad(parts.tm_sec)) GMT"
    }

    /// Reads IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
    /// Nil for anything else.
    public static func parse(_ text: String) -> Int? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        if words.count == 6, words[0].hasSuffix(","), words[5] == "GMT" {
            // IMF-fixdate
            return build(day: words[1], month: words[2], year: words[3], time: words[4], twoDigitYear: false)
        }
        if words.count == 4, words[0].hasSuffix(","), words[3] == "GMT" {
            // RFC 850: day-month-year with a two-digit year
            let date = words[1].split(separator: "-", omittingEmptySubsequences: false)
            guard date.count == 3 else { return nil }
            return build(day: date[0], month: date[1], year: date[2], time: words[2], twoDigitYear: true)
        }
        if words.count == 5, !words[0].hasSuffix(",") {
            // asctime
            return build(day: words[2], month: words[1], year: words[4], time: words[3], twoDigitYear: false)
        }
        return nil
    }

    private static func build(
        day: Substring, month: Substring, year: Substring, time: Substring, twoDigitYear: Bool
    ) -> Int? {
        guard let monthIndex = months.firstIndex(of: String(month)),
              let dayNumber = number(day, digits: 1...2), (1...31).contains(dayNumber),
              var yearNumber = number(year, digits: twoDigitYear ? 2...2 : 4...4)
        else { return nil }
        if twoDigitYear {
            // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
            yearNumber += yearNumber < 70 ? 2000 : 1900
        }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3,
              let hour = number(clock[0], digits: 2...2), hour < 24,
              let minute = number(clock[1], digits: 2...2), minute < 60,
              let second = number(clock[2], digits: 2...2), second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(yearNumber - 1900)
        parts.tm_mon = Int32(monthIndex)
        parts.tm_mday = Int32(dayNumber)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Int(timegm(&parts))
    }

    private static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.utf8.count),
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(text)
    }
}
