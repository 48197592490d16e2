import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

/// Going live in one flow (issue 17): the setup checklist a draft's page opens with, the
/// one Go live action (schedule when the start date is ahead, activate when it is today
/// or past), what it refuses, the message after Publish, and the campaign page's links
/// into the leads inbox.
@Suite struct CampaignGoLiveTests {
    static func day(_ offset: Int) -> CalendarDate {
        CalendarDate(daysSince1970: CampaignSchedule.today().daysSince1970 + offset)
    }

    @Test func aStartDateAheadSchedulesTheCampaign() throws {
        let world = try CampaignWorld()
        let start = Self.day(10)
        let id = try world.insert(name: "Autumn webinar", startsOn: start)
        try world.publishForm(id)
        world.admin.get("/app/campaigns/\(id)")
        let response = world.admin.post("/app/campaigns/\(id)/go-live", [])
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/app/campaigns/\(id)")
        #expect(try world.status(id) == "scheduled")
        #expect(try world.history(id) == ["status: draft -> scheduled"])
        #expect(try world.auditCount("campaign.status_changed", campaignID: id) == 1)
        let page = world.admin.get("/app/campaigns/\(id)")
        #expect(page.text.contains("Autumn webinar is scheduled: its landing page opens on \(start)."))
        #expect(page.text.contains("Opens on \(start), as scheduled."))
    }

    @Test func aStartDateTodayOrPastActivatesThroughScheduled() throws {
        let world = try CampaignWorld()
        for offset in [0, -3] {
            let id = try world.insert(name: "Starts \(offset)", startsOn: Self.day(offset))
            try world.publishForm(id)
            world.admin.get("/app/campaigns/\(id)")
            #expect(world.admin.post("/app/campaigns/\(id)/go-live", []).status == .seeOther)
            #expect(try world.status(id) == "active")
            #expect(try world.history(id) == ["status: draft -> scheduled", "status: scheduled -> active"])
            #expect(try world.auditCount("campaign.status_changed", campaignID: id) == 2)
            let slug = try #require(try world.campaign(id)?.slug)
            #expect(world.admin.get("/app/campaigns/\(id)").text.contains("Starts \(offset) is live: its landing page is open at /f/\(slug)."))
            // The landing page is open at once.
            #expect(world.accounts.browser().get("/f/\(slug)").status == .ok)
        }
    }

    @Test func aScheduledCampaignWhoseDayHasComeGoesLive() throws {
        let world = try CampaignWorld()
        let id = try world.insert(name: "Due", status: .scheduled, startsOn: Self.day(0))
        try world.publishForm(id)
        world.admin.get("/app/campaigns/\(id)")
        #expect(world.admin.post("/app/campaigns/\(id)/go-live", []).status == .seeOther)
        #expect(try world.status(id) == "active")
        #expect(try world.history(id) == ["status: scheduled -> active"])

        let ahead = try world.insert(name: "Ahead", status: .scheduled, startsOn: Self.day(5))
        try world.publishForm(ahead)
        let refused = world.admin.post("/app/campaigns/\(ahead)/go-live", [])
        #expect(refused.status == .conflict)
        #expect(refused.text.contains("Ahead is already scheduled: its landing page opens on \(Self.day(5))."))
        #expect(try world.status(ahead) == "scheduled")
    }

    @Test func whatIsMissingIsRefusedWithTheReasonAndChangesNothing() throws {
        let world = try CampaignWorld()
        let noForm = try world.insert(name: "No form", startsOn: Self.day(0))
        let noDate = try world.insert(name: "No date", startsOn: nil)
        try world.publishForm(noDate)
        let ended = try world.insert(name: "Ended", startsOn: Self.day(-30))
        try world.publishForm(ended)
        try world.pool.execute("UPDATE campaigns SET ends_on = \(Self.day(-1)) WHERE id = \(ended)")
        let expectations: [(Int64, String)] = [
            (noForm, "No form cannot become scheduled yet: it needs a published form"),
            (noDate, "No date cannot become scheduled yet: it needs a start date (set one with Edit)"),
            (ended, "Ended cannot go live: its end date \(Self.day(-1)) has passed. Change the dates with Edit."),
        ]
        for (id, message) in expectations {
            world.admin.get("/app/campaigns/\(id)")
            let response = world.admin.post("/app/campaigns/\(id)/go-live", [])
            #expect(response.status == .unprocessableContent, "\(message)")
            #expect(response.text.contains(message))
            #expect(try world.status(id) == "draft")
            #expect(try world.history(id).isEmpty)
        }
        let active = try world.insert(name: "Running", status: .active, startsOn: Self.day(-1))
        try world.publishForm(active)
        let running = world.admin.post("/app/campaigns/\(active)/go-live", [])
        #expect(running.status == .conflict)
        #expect(running.text.contains("Running is active: only drafts and scheduled campaigns go live."))
    }

    @Test func readersCannotGoLive() throws {
        let world = try CampaignWorld()
        let id = try world.insert(name: "Read only", startsOn: Self.day(0))
        try world.publishForm(id)
        let viewer = try world.member("viewer")
        viewer.get("/app/campaigns/\(id)")
        #expect(viewer.post("/app/campaigns/\(id)/go-live", []).status == .forbidden)
        #expect(try world.status(id) == "draft")
        #expect(!viewer.get("/app/campaigns/\(id)").text.contains(">Go live</button>"))
    }

    /// The draft's page: status panel first, a checklist with a link per step, no charts;
    /// Go live appears once the steps allow it and says what it will do.
    @Test func aDraftsPageOpensWithTheChecklistInsteadOfCharts() throws {
        let world = try CampaignWorld()
        let id = try world.insert(name: "Fresh", startsOn: nil)
        var page = world.admin.get("/app/campaigns/\(id)").text
        #expect(page.contains(#"<h2 id="status-title">Next steps</h2>"#))
        let status = try #require(LeadTestKit.position(of: "id=\"status-title\"", in: page))
        let details = try #require(LeadTestKit.position(of: "id=\"details-title\"", in: page))
        #expect(status < details)
        #expect(!page.contains(#"class="dashboard""#))
        #expect(!page.contains("Views and submissions per day"))
        #expect(page.contains("Details and dates<span class=\"visually-hidden\">: to do</span>"))
        #expect(page.contains("Add a start date: the day the landing page opens. <a href=\"/app/campaigns/\(id)/edit\">Edit details</a>"))
        #expect(page.contains("Form published<span class=\"visually-hidden\">: to do</span>"))
        #expect(page.contains("Build the form and publish it. <a href=\"/app/campaigns/\(id)/form\">Form builder</a>"))
        #expect(page.contains("Opens when you go live."))
        #expect(page.contains("Go live is offered here once the steps above are done."))
        #expect(!page.contains("action=\"/app/campaigns/\(id)/go-live\""))
        // No "Schedule" button next to Go live.
        #expect(!page.contains("value=\"scheduled\""))

        let start = Self.day(7)
        try world.pool.execute("UPDATE campaigns SET starts_on = \(start) WHERE id = \(id)")
        try world.publishForm(id)
        page = world.admin.get("/app/campaigns/\(id)").text
        #expect(page.contains("Details and dates<span class=\"visually-hidden\">: done</span>"))
        #expect(page.contains("Version 1 is published."))
        #expect(page.contains("action=\"/app/campaigns/\(id)/go-live\""))
        #expect(page.contains("Schedules the campaign: its landing page opens on \(start)."))

        try world.pool.execute("UPDATE campaigns SET status = 'active' WHERE id = \(id)")
        page = world.admin.get("/app/campaigns/\(id)").text
        #expect(page.contains(#"<h2 id="status-title">Status</h2>"#))
        #expect(!page.contains("class=\"checklist\""))
        #expect(page.contains(#"class="dashboard""#))
    }

    /// "Leads 1,851" and every "Leads by status" row open the inbox filtered to them.
    @Test func leadCountsLinkToTheFilteredInbox() throws {
        let world = try CampaignWorld()
        let id = try world.insert(name: "Busy", status: .active)
        try world.pool.execute(
            """
            INSERT INTO leads (organization_id, campaign_id, email, status)
            SELECT \(world.organizationID), \(id), 'lead' || n || '@example.com', CASE WHEN n <= 3 THEN 'qualified' ELSE 'new' END
            FROM generate_series(1, 1851) n
            """)
        let page = world.admin.get("/app/campaigns/\(id)").text
        #expect(page.contains("<dt>Leads</dt><dd><a href=\"/app/leads?campaign=\(id)\">1,851</a></dd>"))
        #expect(page.contains("href=\"/app/leads?campaign=\(id)&amp;status=qualified\" aria-label=\"3 Qualified leads\">3</a>"))
        #expect(page.contains("href=\"/app/leads?campaign=\(id)&amp;status=new\" aria-label=\"1,848 New leads\">1,848</a>"))
        // Grouped the same way in the campaign list.
        #expect(world.admin.get("/app/campaigns").text.contains(#"<td class="table__number">1,851</td>"#))
        let inbox = world.admin.get("/app/leads?campaign=\(id)&status=qualified")
        #expect(inbox.status == .ok)
        #expect(inbox.text.contains("3 leads"))
    }

    /// The message after Publish says what is true: a draft's or scheduled campaign's
    /// landing page is not open yet, and when it opens.
    @Test func thePublishMessageSaysWhenTheLandingPageOpens() throws {
        let world = try FormBuilderWorld(campaignName: "Webinar")
        let start = Self.day(5)
        func publish(_ version: Int) throws -> String {
            var definition = FormDefinition.starter(title: "Webinar \(version)")
            definition.introduction = "Version \(version)"
            #expect(world.post(definition, action: nil, to: "/publish").status == .seeOther)
            return world.browser.get(world.path).text
        }
        #expect(try publish(1).contains(
            "Version 1 of the form is published. The landing page is not open yet: the campaign is a draft. "
                + "It opens when you go live from the campaign page."))
        try world.world.pool.execute("UPDATE campaigns SET starts_on = \(start) WHERE id = \(world.campaignID)")
        #expect(try publish(2).contains(
            "Version 2 of the form is published. The landing page is not open yet: the campaign is a draft. "
                + "Go live from the campaign page and it opens on \(start)."))
        try world.world.pool.execute("UPDATE campaigns SET status = 'scheduled' WHERE id = \(world.campaignID)")
        #expect(try publish(3).contains(
            "Version 3 of the form is published. The landing page is not open yet: the campaign is scheduled and opens on \(start)."))
        try world.world.pool.execute("UPDATE campaigns SET status = 'active' WHERE id = \(world.campaignID)")
        let active = try publish(4)
        #expect(active.contains("Version 4 of the form is published; the landing page shows it now."))
        #expect(!active.contains("not open yet"))
    }
}
