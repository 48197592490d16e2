import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

@Suite struct CampaignDashboardTests {
    @Test func totalsConversionAndAZeroFilledSeriesComeFromTheRollups() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Spring webinar")
        try world.stats(campaignID: id, [("2026-03-02", 100, 7), ("2026-03-04", 50, 3), ("2026-03-09", 999, 99)])
        let view = try world.dashboard(campaignID: id, from: "2026-03-01", to: "2026-03-07")
        let dashboard = view.dashboard
        #expect(dashboard.views == 150)
        #expect(dashboard.submissions == 10)
        #expect(dashboard.series.count == 7)
        #expect(dashboard.series.map(\.views) == [0, 100, 0, 50, 0, 0, 0])
        #expect(dashboard.series.map(\.submissions) == [0, 7, 0, 3, 0, 0, 0])
        #expect(dashboard.series.first?.day.description == "2026-03-01")
        #expect(dashboard.series.last?.day.description == "2026-03-07")
        let html = try DashboardWorld.render(view)
        #expect(html.contains(#"<span class="card__label">Views</span><span class="card__value">150</span>"#))
        #expect(html.contains(#"<span class="card__label">Conversion rate</span><span class="card__value">6.7%</span>"#))
        // The numbers table lists every day, the empty ones too.
        #expect(html.contains(#"<time datetime="2026-03-03">Mar 3, 2026</time></th><td class="numeric">0</td>"#))
    }

    @Test func theRangeFilterDecidesWhichDaysCount() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Range")
        try world.stats(campaignID: id, [("2026-02-28", 1_000, 100), ("2026-03-01", 10, 1), ("2026-03-31", 20, 2), ("2026-04-01", 5_000, 500)])
        let march = try world.dashboard(campaignID: id, from: "2026-03-01", to: "2026-03-31").dashboard
        #expect(march.views == 30)
        #expect(march.submissions == 3)
        #expect(march.series.count == 31)
        let wider = try world.dashboard(campaignID: id, from: "2026-02-01", to: "2026-04-30").dashboard
        #expect(wider.views == 6_030)
        #expect(AnalyticsFormat.count(wider.views) == "6,030")
    }

    @Test func withoutViewsTheConversionIsADash() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Quiet")
        let view = try world.dashboard(campaignID: id, from: "2026-03-01", to: "2026-03-03")
        #expect(view.dashboard.conversionRate == nil)
        let html = try DashboardWorld.render(view)
        #expect(html.contains(#"<span class="card__label">Conversion rate</span><span class="card__value">—</span>"#))
        #expect(html.contains("No leads yet"))
    }

    @Test func theChartsHaveOneBarAndOnePointPerDayAndAFourStageFunnel() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Charts")
        try world.stats(campaignID: id, [("2026-03-05", 40, 8)])
        let html = try DashboardWorld.render(try world.dashboard(campaignID: id, from: "2026-03-01", to: "2026-03-10"))
        #expect(DashboardWorld.count(#"<rect class="chart__bar""#, in: html) == 10)
        #expect(DashboardWorld.count(#"<circle class="chart__point""#, in: html) == 10)
        #expect(DashboardWorld.count(#"<rect class="funnel__bar""#, in: html) == 4)
        #expect(DashboardWorld.count(#"role="img""#, in: html) == 2)
        #expect(html.contains(#"aria-labelledby="dashboard-daily-title dashboard-daily-desc""#))
        #expect(html.contains("<title>Mar 5, 2026: 40 views</title>"))
        #expect(html.contains("<title>Mar 5, 2026: 8 submissions</title>"))
        #expect(html.contains("Mar 1, 2026 to Mar 10, 2026: 40 views (bars) and 8 submissions (line)."))
        // The y axis goes to a round number above the busiest day, with labels.
        #expect(DailyChart.axisTicks(upTo: 40) == [0, 10, 20, 30, 40])
        #expect(DailyChart.axisTicks(upTo: 0) == [0, 1, 2, 3, 4])
        #expect(DailyChart.axisTicks(upTo: 1_234) == [0, 500, 1_000, 1_500])
        #expect(html.contains(#"text-anchor="end">40</text>"#))
        // No inline style attributes: the CSP forbids them.
        #expect(!html.contains("style="))
        #expect(html.contains("<details class=\"dashboard__numbers\">"))
        // The partial's own comment stays out of the page.
        #expect(!html.contains("CampaignDashboardView"))
    }

    @Test func leadsAreCountedByStatusAndFeedTheFunnel() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Pipeline")
        try world.stats(campaignID: id, [("2026-03-10", 200, 10)])
        try world.leads(campaignID: id, status: "new", count: 4)
        try world.leads(campaignID: id, status: "qualified", count: 3)
        try world.leads(campaignID: id, status: "converted", count: 2)
        try world.leads(campaignID: id, status: "disqualified", count: 1)
        // Before the range: counted by status (all time), not in the funnel.
        try world.leads(campaignID: id, status: "converted", count: 5, createdAt: "2026-01-15 12:00:00+00")
        let view = try world.dashboard(campaignID: id, from: "2026-03-01", to: "2026-03-31")
        let counts = Dictionary(uniqueKeysWithValues: view.dashboard.leadsByStatus.map { ($0.status, $0.count) })
        #expect(counts == ["new": 4, "contacted": 0, "qualified": 3, "converted": 7, "disqualified": 1])
        #expect(view.dashboard.leadsByStatus.map(\.status) == ["new", "contacted", "qualified", "converted", "disqualified"])
        #expect(view.funnelStages.map(\.value) == [200, 10, 5, 2])
        let html = try DashboardWorld.render(view)
        #expect(html.contains(
            #"<a href="/app/leads?campaign=\#(id)&amp;status=converted"><span class="badge badge--converted">Converted</span></a></th>"#
                + #"<td class="numeric"><a href="/app/leads?campaign=\#(id)&amp;status=converted" aria-label="7 Converted leads">7</a></td><td class="numeric">46.7%</td>"#))
        #expect(html.contains("<th scope=\"row\">Qualified or converted</th><td class=\"numeric\">5</td><td class=\"numeric\">50.0%</td>"))
        // Another campaign's leads stay out.
        let other = try world.campaign(named: "Other")
        try world.leads(campaignID: other, status: "new", count: 9)
        #expect(try world.dashboard(campaignID: id, from: "2026-03-01", to: "2026-03-31").dashboard.leadTotal == 15)
    }

    @Test func anotherOrganizationsCampaignIsNotFound() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Ours")
        try world.stats(campaignID: id, [("2026-03-02", 100, 7)])
        let stranger = try DashboardWorld()
        let from = try #require(CalendarDate("2026-03-01"))
        let to = try #require(CalendarDate("2026-03-31"))
        let range = try #require(DashboardRange(from: from, to: to))
        #expect {
            try stranger.database.tenant(organizationID: stranger.organizationID) { transaction in
                try CampaignDashboard.load(campaignID: id, organizationID: stranger.organizationID, range: range, in: transaction)
            }
        } throws: { error in
            (error as? WebError)?.status == .notFound
        }
        // Even asking with the owner's organization id from inside the stranger's scope shows nothing.
        #expect(throws: WebError.self) {
            try stranger.database.tenant(organizationID: stranger.organizationID) { transaction in
                try CampaignDashboard.read(campaignID: id, organizationID: world.organizationID, range: range, in: transaction)
            }
        }
    }

    @Test func theCampaignNameIsEscapedInTheCharts() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: #"<script>alert("x")</script> & 'co'"#)
        let html = try DashboardWorld.render(try world.dashboard(campaignID: id, from: "2026-03-01", to: "2026-03-02"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;: views and submissions per day"))
    }

    @Test func presetsLinkToTheLastDaysAndMarkTheCurrentOne() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Presets")
        let html = try DashboardWorld.render(try world.dashboard(campaignID: id, from: "2026-03-25", to: "2026-03-31", today: "2026-03-31"))
        #expect(html.contains(#"href="/app/campaigns/\#(id)?from=2026-03-25&amp;to=2026-03-31" aria-current="true">Last 7 days"#))
        #expect(html.contains(#"href="/app/campaigns/\#(id)?from=2026-01-01&amp;to=2026-03-31">Last 90 days"#))
        #expect(html.contains(#"<input id="dashboard-from" name="from" type="date" value="2026-03-25">"#))
    }
}

@Suite struct CampaignDashboardPageTests {
    @Test func theCampaignPageShowsTheDashboardForTheChosenRange() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Page <b>bold</b>")
        try world.stats(campaignID: id, [("2026-03-02", 120, 9), ("2026-03-20", 1, 1)])
        let browser = world.accounts.browser()
        #expect(browser.signIn(world.adminEmail, AccountsWorld.password).status == .seeOther)
        let page = browser.get("/app/campaigns/\(id)?from=2026-03-01&to=2026-03-07")
        #expect(page.status == .ok)
        #expect(page.text.contains(#"<span class="card__label">Views</span><span class="card__value">120</span>"#))
        #expect(page.text.contains(#"<span class="card__label">Conversion rate</span><span class="card__value">7.5%</span>"#))
        #expect(DashboardWorld.count(#"<rect class="chart__bar""#, in: page.text) == 7)
        #expect(!page.text.contains("<b>bold</b>"))
        #expect(page.headers["Content-Security-Policy"]?.contains("style-src 'self'") == true)
        // A bad range: the page still answers, with the default range and the reason.
        let bad = browser.get("/app/campaigns/\(id)?from=2026-03-07&to=2026-03-01")
        #expect(bad.status == .ok)
        #expect(bad.text.contains("The end date is before the start date."))
        #expect(DashboardWorld.count(#"<rect class="chart__bar""#, in: bad.text) == 30)
    }

    @Test func anotherOrganizationsCampaignPageIsNotFound() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Secret launch")
        try world.stats(campaignID: id, [("2026-03-02", 4_321, 99)])
        let stranger = try world.accounts.organizationWithAdmin()
        let browser = world.accounts.browser()
        #expect(browser.signIn(stranger.1, AccountsWorld.password).status == .seeOther)
        let page = browser.get("/app/campaigns/\(id)?from=2026-03-01&to=2026-03-07")
        #expect(page.status == .notFound)
        #expect(!page.text.contains("Secret launch"))
        #expect(!page.text.contains("4,321"))
    }
}
