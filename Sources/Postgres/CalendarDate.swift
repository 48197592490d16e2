/// A day in the proleptic Gregorian calendar with no time and no time zone: PostgreSQL `date`.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil for a day that does not exist (February 30th, month 13, ...).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year > 0
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `days` after 1970-01-01 (negative: before).
    public init(daysSince1970 days: Int) {
        let (year, month, day) = civilDate(fromDays: days)
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days from 1970-01-01 to this date.
    public var daysSince1970: Int { daysFromCivil(year: year, month: month, day: day) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
            + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension CalendarDate: PostgresArrayElement {
    public static var postgresType: PostgresType { .date }
    public static var postgresArrayType: PostgresType { .dateArray }
    public func encodePostgresText(into buffer: inout [UInt8]) { buffer.append(contentsOf: description.utf8) }
}

extension CalendarDate: PostgresDecodable {
    /// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
    static let postgresEpochDays = 10957

    public static func decode(from cell: PostgresCell) throws -> CalendarDate {
        guard cell.type == .date, cell.bytes.count == 4 else { throw cell.mismatch(CalendarDate.self) }
        let days = Int(cell.integer(Int32.self))
        guard days != Int(Int32.max), days != Int(Int32.min) else {
            throw cell.invalid(CalendarDate.self, "infinite dates have no calendar day")
        }
        return CalendarDate(daysSince1970: days + postgresEpochDays)
    }
}

func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Days since 1970-01-01 for a Gregorian date (era-based arithmetic, valid for all years).
func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146097 + dayOfEra - 719468
}

/// The Gregorian date `days` after 1970-01-01.
func civilDate(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
    let shifted = days + 719468
    let era = (shifted >= 0 ? shifted : shifted - 146096) / 146097
    let dayOfEra = shifted - era * 146097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}
