import Postgres
import Testing
@testable import Lodestar

@Suite struct DashboardRangeTests {
    private let today = CalendarDate(year: 2026, month: 3, day: 31)

    private func request(_ from: String?, _ to: String?) throws -> DashboardRangeRequest {
        DashboardRangeRequest(from: from, to: to, today: try #require(today))
    }

    @Test func withoutDatesTheLastThirtyDaysShow() throws {
        let request = try request(nil, nil)
        #expect(request.problem == nil)
        #expect(request.range.from.description == "2026-03-02")
        #expect(request.range.to.description == "2026-03-31")
        #expect(request.range.dayCount == 30)
    }

    @Test func validDatesAreFollowedAndAMissingEndDefaults() throws {
        let both = try request("2026-01-10", "2026-01-20")
        #expect(both.problem == nil)
        #expect(both.range.dayCount == 11)
        let onlyFrom = try request("2026-03-20", "")
        #expect(onlyFrom.range.to.description == "2026-03-31")
        let onlyTo = try request(nil, "2026-02-28")
        #expect(onlyTo.range.from.description == "2026-01-30")
        // A whole leap year is 366 days: still allowed.
        #expect(try request("2024-01-01", "2024-12-31").problem == nil)
    }

    @Test func badInputFallsBackToTheDefaultRangeWithAMessage() throws {
        let cases: [(String?, String?, String)] = [
            ("yesterday", nil, "“yesterday” is not a date"),
            ("2026-02-30", "2026-03-01", "“2026-02-30” is not a date"),
            ("2026-03-01", "<b>", "“<b>” is not a date"),
            ("2026-03-10", "2026-03-01", "The end date is before the start date."),
            ("2024-01-01", "2025-01-01", "A range can be at most 366 days."),
        ]
        for (from, to, message) in cases {
            let request = try request(from, to)
            #expect(request.problem?.hasPrefix(message) == true, "\(from ?? "-")..\(to ?? "-"): \(request.problem ?? "no problem")")
            #expect(request.range == DashboardRange.last(30, endingOn: try #require(today)))
            #expect(request.fromText == from ?? "")
        }
    }

    @Test func aBadRangeIsShownBesideTheDatesAndTheTypedTextIsKeptEscaped() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Filter")
        try world.stats(campaignID: id, [("2026-03-30", 12, 3)])
        let view = try world.database.tenant(organizationID: world.organizationID) { transaction in
            try CampaignDashboard.load(
                campaignID: id, organizationID: world.organizationID,
                query: .init(query: "from=%3Cb%3Enope&to=2026-03-31"), in: transaction, today: #require(today)
            )
        }
        #expect(view.dashboard.range.dayCount == 30)
        #expect(view.dashboard.views == 12)
        let html = try DashboardWorld.render(view)
        #expect(html.contains(#"<p class="field__error" id="dashboard-range-error" role="alert">“&lt;b&gt;nope” is not a date"#))
        #expect(html.contains(#"value="&lt;b&gt;nope" aria-invalid="true""#))
        #expect(!html.contains("aria-current=\"true\""))
    }
}
