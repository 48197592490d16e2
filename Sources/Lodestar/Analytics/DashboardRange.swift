import Foundation
import Postgres

/// The days a dashboard covers: `from` through `to`, both included, in UTC (the days of
/// `campaign_daily_stats`).
struct DashboardRange: Sendable, Equatable {
    let from: CalendarDate
    let to: CalendarDate

    /// The longest range a dashboard shows, in days.
    static let maximumDays = 366
    /// The range shown when the address names none (or names a bad one).
    static let defaultDays = 30
    /// The quick choices offered above the charts.
    static let presetDays = [7, 30, 90]
    /// The years a range may cover (`DayRangeInput.supportedYears`).
    static let supportedYears = DayRangeInput.supportedYears

    /// A range of `from...to`; nil when `to` is before `from`, the span is too long, or
    /// either end is outside `supportedYears`.
    init?(from: CalendarDate, to: CalendarDate) {
        let days = to.daysSince1970 - from.daysSince1970 + 1
        guard days >= 1, days <= Self.maximumDays,
              Self.supportedYears.contains(from.year), Self.supportedYears.contains(to.year) else { return nil }
        self.from = from
        self.to = to
    }

    /// The `days` days ending with `today`.
    static func last(_ days: Int, endingOn today: CalendarDate) -> DashboardRange {
        let span = min(max(days, 1), maximumDays)
        let from = CalendarDate(daysSince1970: today.daysSince1970 - span + 1)
        // The span is within bounds by construction, so this cannot fail; the fallback
        // keeps the type honest without a force unwrap.
        return DashboardRange(from: from, to: today) ?? DashboardRange(uncheckedFrom: today, to: today)
    }

    private init(uncheckedFrom from: CalendarDate, to: CalendarDate) {
        self.from = from
        self.to = to
    }

    /// How many days the range covers.
    var dayCount: Int { to.daysSince1970 - from.daysSince1970 + 1 }

    /// `from=YYYY-MM-DD&to=YYYY-MM-DD`, for links.
    var queryString: String { "from=\(from)&to=\(to)" }

    /// Today's date in UTC.
    static func today(now: Date = Date()) -> CalendarDate {
        CalendarDate(daysSince1970: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// What the address asked for, and what the dashboard shows: the range, plus a message
/// when the request could not be followed (the dashboard then shows the default range
/// rather than refusing the whole campaign page).
struct DashboardRangeRequest: Sendable, Equatable {
    /// The range to show.
    let range: DashboardRange
    /// Why the requested range was not used, for the person; nil when it was.
    let problem: String?
    /// The `from` and `to` texts as sent, to keep them in the filter form.
    let fromText: String
    let toText: String

    /// Reads `from` and `to` (ISO dates, checked by `DayRangeInput`). Both missing: the
    /// last 30 days. One missing: the other end defaults (`to` to today, `from` to 30 days
    /// before `to`). A date that does not parse, `to` before `from`, more than 366 days, or
    /// a day outside the years 1 to 9999: the last 30 days and a message.
    init(from fromText: String?, to toText: String?, today: CalendarDate) {
        let input = DayRangeInput(from: fromText, to: toText)
        self.fromText = input.fromText
        self.toText = input.toText
        let fallback = DashboardRange.last(DashboardRange.defaultDays, endingOn: today)
        let showing = " Showing the last \(DashboardRange.defaultDays) days."
        if let problem = input.problem {
            (range, self.problem) = (fallback, problem + showing)
            return
        }
        let end = input.to ?? (input.from.map { max($0, today) } ?? today)
        let start = input.from ?? CalendarDate(daysSince1970: end.daysSince1970 - DashboardRange.defaultDays + 1)
        if !DashboardRange.supportedYears.contains(start.year) {
            (range, problem) = (fallback, DayRangeInput.outOfRangeMessage + showing)
        } else if let range = DashboardRange(from: start, to: end) {
            (self.range, problem) = (range, nil)
        } else {
            (range, problem) = (fallback, "A range can be at most \(DashboardRange.maximumDays) days." + showing)
        }
    }
}
