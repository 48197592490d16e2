import Postgres
import Testing

@Suite struct CalendarDateTests {
    @Test func parsesOnlyPlainDigits() {
        #expect(CalendarDate("2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
        // Int(_:) alone would read "+1" as 1.
        #expect(CalendarDate("2024-+1-05") == nil)
        #expect(CalendarDate("+202-01-05") == nil)
        #expect(CalendarDate("2024-01- 5") == nil)
    }

    @Test func refusesYearsWhoseDayCountWouldOverflow() {
        // These used to be accepted, and reading `daysSince1970` then trapped.
        #expect(CalendarDate("9223372036854775807-01-01") == nil)
        #expect(CalendarDate(year: Int.max, month: 1, day: 1) == nil)
        #expect(CalendarDate(year: Int.min, month: 1, day: 1) == nil)
        let last = CalendarDate(year: 5_874_897, month: 12, day: 31)
        #expect(last?.daysSince1970 == 2_145_042_905)
    }
}
