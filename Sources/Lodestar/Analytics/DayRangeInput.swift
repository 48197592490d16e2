import Foundation
import Postgres

/// Two days typed into a filter's `from` and `to` boxes (`YYYY-MM-DD`, UTC), read the one
/// way the date filters read them (the dashboard's range, the audit log's dates): a day
/// that does not parse, one outside the years 1 to 9999 (what a date field can hold and
/// PostgreSQL can turn into a timestamp), or an end before the start is not used, and
/// `problem` says why. The page then shows its default range with that message beside
/// the fields instead of refusing the request.
struct DayRangeInput: Sendable, Equatable {
    /// The texts as sent (trimmed), to keep them in the filter form.
    let fromText: String
    let toText: String
    /// The days typed; nil when a box was empty or `problem` is set.
    let from: CalendarDate?
    let to: CalendarDate?
    /// Why the days cannot be used, for the person; nil when they can.
    let problem: String?

    /// The years a day may have: four-digit years, which a date field can hold and
    /// PostgreSQL can turn into timestamps (its `date` goes further than its `timestamp`).
    static let supportedYears = 1...9999
    static let outOfRangeMessage = "Dates must be between 0001-01-01 and 9999-12-31."

    init(from fromText: String?, to toText: String?) {
        let fromText = fromText?.trimmingCharacters(in: .whitespaces) ?? ""
        let toText = toText?.trimmingCharacters(in: .whitespaces) ?? ""
        self.fromText = fromText
        self.toText = toText
        let from = fromText.isEmpty ? nil : CalendarDate(fromText)
        let to = toText.isEmpty ? nil : CalendarDate(toText)
        var problem: String?
        if !fromText.isEmpty, from == nil {
            problem = "“\(fromText)” is not a date; write dates as YYYY-MM-DD."
        } else if !toText.isEmpty, to == nil {
            problem = "“\(toText)” is not a date; write dates as YYYY-MM-DD."
        } else if [from, to].contains(where: { $0.map { !Self.supportedYears.contains($0.year) } ?? false }) {
            problem = Self.outOfRangeMessage
        } else if let from, let to, to < from {
            problem = "The end date is before the start date."
        }
        self.problem = problem
        self.from = problem == nil ? from : nil
        self.to = problem == nil ? to : nil
    }

    /// Midnight UTC at the start of `day`.
    static func startOfDay(_ day: CalendarDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day.daysSince1970) * 86_400)
    }
}
