import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// The audit log's date filters read dates the way the dashboard does: one it cannot use
/// (unreadable, outside the years 1 to 9999, or an end before the start) shows every date
/// with the reason beside the fields; far-off years used to reach PostgreSQL and give a 500.
@Suite struct AuditDateFilterTests {
    @Test func unusableDatesShowEveryDateWithTheReason() throws {
        let world = try AccountsWorld()
        let (_, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        let cases = [
            ("until=294276-12-31", "Dates must be between 0001-01-01 and 9999-12-31."),
            ("from=5874897-12-31", "Dates must be between 0001-01-01 and 9999-12-31."),
            ("from=0000-01-01", "“0000-01-01” is not a date"),
            ("from=2026-02-30", "“2026-02-30” is not a date"),
            ("from=2026-03-10&until=2026-03-01", "The end date is before the start date."),
        ]
        for (query, reason) in cases {
            let page = browser.get("/app/settings/audit?" + query)
            #expect(page.status == .ok, "\(query)")
            #expect(page.text.contains(reason + (reason.hasSuffix(".") ? "" : "; write dates as YYYY-MM-DD.") + " Showing entries of every date."), "\(query)")
            #expect(page.text.contains(#"id="audit-dates-error" role="alert""#), "\(query)")
            #expect(page.text.contains("<code>user.signed_in</code>"), "\(query)")
        }
    }

    @Test func usableDatesFilter() throws {
        let world = try AccountsWorld()
        let (_, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        let today = DashboardRange.today()
        let todays = browser.get("/app/settings/audit?from=\(today)&until=\(today)")
        #expect(todays.status == .ok)
        #expect(todays.text.contains("<code>user.signed_in</code>"))
        #expect(!todays.text.contains("audit-dates-error"))
        let future = CalendarDate(daysSince1970: today.daysSince1970 + 1)
        #expect(!browser.get("/app/settings/audit?from=\(future)&until=9999-12-31").text.contains("<code>user.signed_in</code>"))
        #expect(browser.get("/app/settings/audit?from=0001-01-01&until=\(today)").text.contains("<code>user.signed_in</code>"))
    }
}
