import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// The dashboard against what really happened: views and submissions made through the
/// public landing page, then read on the campaign page, the home page and the leads inbox.
@Suite struct CampaignDashboardFlowTests {
    @Test func whatWasSubmittedThroughTheLandingPageIsWhatTheDashboardAndTheInboxShow() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Flow")
        let slug = try world.database.tenant(organizationID: world.organizationID) { transaction in
            try transaction.execute(
                """
                INSERT INTO form_versions (organization_id, campaign_id, version, definition)
                VALUES (\(world.organizationID), \(id), 1, \(try JSONDocument(encoding: LandingWorld.definition)))
                """
            )
            return try transaction.query(
                "SELECT slug::text FROM campaigns WHERE organization_id = \(world.organizationID) AND id = \(id)"
            ).single(String.self)
        }
        // Five visitors (a view repeated from one address within minutes counts once).
        for host in 1...5 {
            #expect(TestClient(world.accounts.app.responder, remoteAddress: "10.9.8.\(host)").get("/f/\(slug)").status == .ok)
        }
        let visitor = TestClient(world.accounts.app.responder, remoteAddress: "10.9.8.7")
        for email in ["ann@example.com", "ben@example.com", "cy@example.com"] {
            #expect(visitor.post("/f/\(slug)", form: [("name", "Someone"), ("email", email)]).status == .seeOther)
        }
        // A double-clicked submit is one lead, and one submission on the dashboard.
        #expect(visitor.post("/f/\(slug)", form: [("name", "Someone"), ("email", "cy@example.com")]).status == .seeOther)
        try world.accounts.app.landing.views.flush()

        let browser = world.accounts.browser()
        #expect(browser.signIn(world.adminEmail, AccountsWorld.password).status == .seeOther)
        let page = browser.get("/app/campaigns/\(id)")
        #expect(page.status == .ok)
        #expect(page.text.contains(#"<span class="card__label">Views</span><span class="card__value">5</span>"#))
        #expect(page.text.contains(#"<span class="card__label">Submissions</span><span class="card__value">3</span>"#))
        #expect(page.text.contains(#"<span class="card__label">Conversion rate</span><span class="card__value">60.0%</span>"#))
        #expect(page.text.contains(#"<span class="card__label">Leads (all time)</span><a class="card__value" href="/app/leads?campaign=\#(id)">3</a>"#))
        #expect(page.text.contains(#"<span class="badge badge--new">New</span></a></th><td class="numeric"><a href="/app/leads?campaign=\#(id)&amp;status=new" aria-label="3 New leads">3</a></td>"#))
        let today = DashboardRange.today().description
        #expect(page.text.contains(#"<time datetime="\#(today)">"#))

        let inbox = browser.get("/app/leads?campaign=\(id)")
        #expect(inbox.status == .ok)
        for email in ["ann@example.com", "ben@example.com", "cy@example.com"] {
            #expect(DashboardWorld.count(email, in: inbox.text) >= 1, "\(email)")
        }
        #expect(try world.accounts.count(
            "SELECT count(*) FROM leads WHERE organization_id = \(world.organizationID) AND campaign_id = \(id)") == 3)

        let home = browser.get("/app")
        #expect(home.text.contains(#"<span class="card__label">Views</span><span class="card__value">5</span>"#))
        #expect(home.text.contains(#"<span class="card__label">Submissions</span><span class="card__value">3</span>"#))
    }

    @Test func datesPostgreSQLCannotCountWithAreRefusedWithAMessage() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "Far future")
        let browser = world.accounts.browser()
        #expect(browser.signIn(world.adminEmail, AccountsWorld.password).status == .seeOther)
        for query in ["from=300000-01-01", "from=5874897-12-31&to=5874897-12-31", "from=0001-01-01&to=0001-01-02", "to=0001-01-05"] {
            let page = browser.get("/app/campaigns/\(id)?\(query)")
            #expect(page.status == .ok, "\(query)")
            #expect(DashboardWorld.count(#"<rect class="chart__bar""#, in: page.text) >= 1, "\(query)")
        }
        let far = browser.get("/app/campaigns/\(id)?from=300000-01-01")
        #expect(far.text.contains("Dates must be between 0001-01-01 and 9999-12-31. Showing the last 30 days."))
        #expect(DashboardWorld.count(#"<rect class="chart__bar""#, in: far.text) == 30)
    }

    @Test func aOneDayRangeSaysOneDay() throws {
        let world = try DashboardWorld()
        let id = try world.campaign(named: "One day")
        let one = try DashboardWorld.render(try world.dashboard(campaignID: id, from: "2026-03-05", to: "2026-03-05"))
        #expect(one.contains("Mar 5, 2026 – Mar 5, 2026 · 1 day (UTC)"))
        let two = try DashboardWorld.render(try world.dashboard(campaignID: id, from: "2026-03-05", to: "2026-03-06"))
        #expect(two.contains("Mar 5, 2026 – Mar 6, 2026 · 2 days (UTC)"))
    }
}
