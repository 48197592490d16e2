import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

@Suite struct HomeDashboardTests {
    private func day(_ offset: Int) -> String {
        CalendarDate(daysSince1970: DashboardRange.today().daysSince1970 + offset).description
    }

    @Test func theHomePageSumsTheLastThirtyDaysAcrossCampaigns() throws {
        let world = try DashboardWorld()
        let webinar = try world.campaign(named: "Webinar <i>2026</i>")
        let trial = try world.campaign(named: "Trial")
        let quiet = try world.campaign(named: "Quiet", status: "paused")
        try world.stats(campaignID: webinar, [(day(0), 1_000, 40), (day(-29), 500, 20), (day(-30), 70_000, 7_000)])
        try world.stats(campaignID: trial, [(day(-3), 200, 90)])
        try world.stats(campaignID: quiet, [(day(-40), 10, 1)])
        // Another organization's figures stay out.
        let other = try DashboardWorld()
        try other.stats(campaignID: try other.campaign(named: "Elsewhere"), [(day(0), 9_999, 999)])

        let browser = world.accounts.browser()
        #expect(browser.signIn(world.adminEmail, AccountsWorld.password).status == .seeOther)
        let home = browser.get("/app")
        #expect(home.status == .ok)
        #expect(home.text.contains(#"<span class="card__label">Views</span><span class="card__value">1,700</span>"#))
        #expect(home.text.contains(#"<span class="card__label">Submissions</span><span class="card__value">150</span>"#))
        #expect(home.text.contains(#"<span class="card__label">Conversion rate</span><span class="card__value">8.8%</span>"#))
        // Most submissions first; a campaign without figures in the range is not listed.
        let trialRow = try #require(home.text.range(of: "/app/campaigns/\(trial)\">Trial</a>"))
        let webinarRow = try #require(home.text.range(of: "/app/campaigns/\(webinar)\">Webinar &lt;i&gt;2026&lt;/i&gt;</a>"))
        #expect(trialRow.lowerBound < webinarRow.lowerBound)
        #expect(!home.text.contains("/app/campaigns/\(quiet)\""))
        #expect(!home.text.contains("Elsewhere"))
    }

    @Test func withoutFiguresTheHomePageSaysSo() throws {
        let world = try DashboardWorld()
        let browser = world.accounts.browser()
        #expect(browser.signIn(world.adminEmail, AccountsWorld.password).status == .seeOther)
        let home = browser.get("/app")
        #expect(home.text.contains("No landing-page views in these days yet."))
        #expect(home.text.contains(#"<span class="card__value">—</span>"#))
    }
}
