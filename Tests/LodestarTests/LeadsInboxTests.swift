import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

@Suite struct LeadsInboxTests {
    @Test func searchFindsLeadsByEmailNameOrAnswerAndTakesPercentLiterally() throws {
        let kit = try LeadTestKit()
        let campaign = try kit.campaign("Spring fair")
        try kit.lead(email: "ann@alpha.example", name: "Ann Archer", campaignID: campaign)
        try kit.lead(email: "bob@beta.example", name: "Bob Baker", campaignID: campaign, answers: #"{"company": "Zebracorp"}"#)
        try kit.lead(email: "cy@gamma.example", name: "Cy 100% Sure", campaignID: campaign)
        try kit.lead(email: "dee@delta.example", name: "Dee 1000 Sure", campaignID: campaign)
        let browser = kit.browser()
        let byEmail = browser.get("/app/leads?q=ALPHA.example")
        #expect(byEmail.status == .ok)
        #expect(byEmail.text.contains("ann@alpha.example"))
        #expect(!byEmail.text.contains("bob@beta.example"))
        #expect(byEmail.text.contains("1 lead"))
        let byName = browser.get("/app/leads?q=baker")
        #expect(byName.text.contains("bob@beta.example") && !byName.text.contains("ann@alpha.example"))
        let byAnswer = browser.get("/app/leads?q=zebra")
        #expect(byAnswer.text.contains("bob@beta.example") && !byAnswer.text.contains("cy@gamma.example"))
        // "0% S" would match "1000 Sure" if % were a wildcard.
        let percent = browser.get("/app/leads?q=0%25%20S")
        #expect(percent.text.contains("cy@gamma.example"))
        #expect(!percent.text.contains("dee@delta.example"))
        let nothing = browser.get("/app/leads?q=nobody-has-this")
        #expect(nothing.text.contains("No leads match"))
        #expect(nothing.text.contains(#"href="/app/leads""#))
    }

    @Test func campaignStatusAndDateFiltersNarrowTheList() throws {
        let kit = try LeadTestKit()
        let spring = try kit.campaign("Spring")
        let autumn = try kit.campaign("Autumn")
        try kit.lead(email: "s1@x.example", campaignID: spring, status: "contacted", created: "2026-03-01 10:00+00")
        try kit.lead(email: "s2@x.example", campaignID: spring, status: "new", created: "2026-03-05 23:59+00")
        try kit.lead(email: "a1@x.example", campaignID: autumn, status: "contacted", created: "2026-03-06 00:00+00")
        let browser = kit.browser()
        let page = browser.get("/app/leads?campaign=\(spring)")
        #expect(page.text.contains("s1@x.example") && page.text.contains("s2@x.example") && !page.text.contains("a1@x.example"))
        #expect(page.text.contains(#"<option value="\#(spring)" selected>Spring</option>"#))
        let contacted = browser.get("/app/leads?status=contacted")
        #expect(contacted.text.contains("s1@x.example") && contacted.text.contains("a1@x.example") && !contacted.text.contains("s2@x.example"))
        let both = browser.get("/app/leads?status=contacted&campaign=\(autumn)")
        #expect(both.text.contains("a1@x.example") && !both.text.contains("s1@x.example"))
        // Dates are whole UTC days, "to" included.
        let march5 = browser.get("/app/leads?from=2026-03-02&to=2026-03-05")
        #expect(march5.text.contains("s2@x.example") && !march5.text.contains("s1@x.example") && !march5.text.contains("a1@x.example"))
        let from6 = browser.get("/app/leads?from=2026-03-06")
        #expect(from6.text.contains("a1@x.example") && !from6.text.contains("s2@x.example"))
        #expect(browser.get("/app/leads?status=won").status == .badRequest)
        #expect(browser.get("/app/leads?from=March").status == .badRequest)
    }

    @Test func aFormFieldsValueFiltersPlainAnswersAndCheckboxGroups() throws {
        let kit = try LeadTestKit()
        let campaign = try kit.campaign("Webinar", fields: [
            Lodestar.FormField(key: "email", type: .email, label: "Email", required: true),
            Lodestar.FormField(key: "country", type: .select, label: "Country", options: ["NL", "BE"]),
            Lodestar.FormField(key: "topics", type: .checkbox, label: "Topics", options: ["SEO", "Ads", "Email"]),
        ])
        try kit.lead(email: "nl@x.example", campaignID: campaign, version: 1, answers: #"{"country": "NL", "topics": ["SEO", "Ads"]}"#)
        try kit.lead(email: "be@x.example", campaignID: campaign, version: 1, answers: #"{"country": "BE", "topics": ["Email"]}"#)
        try kit.lead(email: "none@x.example", campaignID: campaign, version: 1, answers: #"{"country": "NLD"}"#)
        let browser = kit.browser()
        let netherlands = browser.get("/app/leads?campaign=\(campaign)&field=country&value=NL")
        #expect(netherlands.text.contains("nl@x.example"))
        #expect(!netherlands.text.contains("be@x.example") && !netherlands.text.contains("none@x.example"))
        // The select offers the campaign's form fields, the chosen one selected.
        #expect(netherlands.text.contains(#"<option value="country" selected>Country (country)</option>"#))
        #expect(netherlands.text.contains(#"<option value="topics">Topics (topics)</option>"#))
        let ads = browser.get("/app/leads?field=topics&value=Ads")
        #expect(ads.text.contains("nl@x.example") && !ads.text.contains("be@x.example"))
        let email = browser.get("/app/leads?field=topics&value=Email")
        #expect(email.text.contains("be@x.example") && !email.text.contains("nl@x.example"))
        // Without a campaign the field is typed; a key that is no key is a 400.
        #expect(browser.get("/app/leads").text.contains(#"name="field" value="""#))
        #expect(browser.get("/app/leads?field=Robert%27%29%3B%20DROP%20TABLE%20leads%3B--&value=x").status == .badRequest)
    }

    @Test func everySortOrderAndTheStatusPipelineOrder() throws {
        let kit = try LeadTestKit()
        try kit.lead(email: "b@x.example", name: "Carol", status: "qualified", created: "2026-01-02 00:00+00")
        try kit.lead(email: "c@x.example", name: "Alice", status: "new", created: "2026-01-03 00:00+00")
        try kit.lead(email: "a@x.example", name: "Bea", status: "contacted", created: "2026-01-01 00:00+00")
        let browser = kit.browser()
        func order(_ sort: String) -> [String] {
            let text = browser.get("/app/leads?sort=\(sort)").text
            return ["a@x.example", "b@x.example", "c@x.example"].sorted {
                (LeadTestKit.position(of: $0, in: text) ?? 0) < (LeadTestKit.position(of: $1, in: text) ?? 0)
            }
        }
        #expect(order("newest") == ["c@x.example", "b@x.example", "a@x.example"])
        #expect(order("oldest") == ["a@x.example", "b@x.example", "c@x.example"])
        #expect(order("email") == ["a@x.example", "b@x.example", "c@x.example"])
        #expect(order("name") == ["c@x.example", "a@x.example", "b@x.example"])
        #expect(order("status") == ["c@x.example", "a@x.example", "b@x.example"])
        #expect(browser.get("/app/leads?sort=score").status == .badRequest)
    }

    @Test func fiftyLeadsAPageWithFiltersKeptInTheLinksAndA400ForAnAbsurdPage() throws {
        let kit = try LeadTestKit()
        let campaign = try kit.campaign("Bulk")
        try kit.world.pool.execute(
            """
            INSERT INTO leads (organization_id, campaign_id, email, created_at)
            SELECT \(kit.organizationID), \(campaign), 'p' || n || '@page.example', timestamptz '2026-01-01' + n * interval '1 minute'
            FROM generate_series(1, 120) n
            """)
        try kit.lead(email: "other@page.example", status: "contacted")
        let browser = kit.browser()
        let first = browser.get("/app/leads?q=page&status=new&sort=oldest")
        #expect(first.status == .ok)
        #expect(first.text.contains("120 leads"))
        #expect(first.text.contains("Page 1 of 3"))
        #expect(first.text.contains("p1@page.example") && first.text.contains("p50@page.example") && !first.text.contains("p51@page.example"))
        #expect(first.text.contains(#"href="/app/leads?q=page&amp;status=new&amp;sort=oldest&amp;page=2""#))
        #expect(first.text.contains("/app/leads/export.csv?q=page&amp;status=new&amp;sort=oldest"))
        let third = browser.get("/app/leads?q=page&status=new&sort=oldest&page=3")
        #expect(third.text.contains("p101@page.example") && third.text.contains("p120@page.example"))
        #expect(third.text.contains(#"href="/app/leads?q=page&amp;status=new&amp;sort=oldest&amp;page=2""#))
        #expect(!third.text.contains("other@page.example"))
        let beyond = browser.get("/app/leads?q=page&page=40")
        #expect(beyond.status == .ok)
        #expect(beyond.text.contains("There is no page 40"))
        for absurd in ["9223372036854775807", "100001", "99999999999999999999999"] {
            #expect(browser.get("/app/leads?page=\(absurd)").status == .badRequest)
        }
    }

    @Test func aNULInTheSearchOrAnAnswerIsA400OnTheInboxAndTheExport() throws {
        let kit = try LeadTestKit()
        try kit.lead(email: "ann@x.example", answers: #"{"plan": "gold"}"#)
        let browser = kit.browser()
        for path in ["/app/leads", "/app/leads/export.csv"] {
            for query in ["q=%00", "q=ann%00", "field=plan&value=go%00ld"] {
                let response = browser.get("\(path)?\(query)")
                #expect(response.status == .badRequest, "\(path)?\(query)")
                #expect(response.text.contains("control character"), "\(path)?\(query)")
            }
        }
    }

    @Test func anEmptyInboxSaysWhereLeadsComeFrom() throws {
        let kit = try LeadTestKit()
        let page = kit.browser().get("/app/leads")
        #expect(page.status == .ok)
        #expect(page.text.contains("No leads yet"))
        #expect(page.text.contains("landing page form"))
        #expect(page.text.contains(#"aria-current="page">Leads"#))
    }

    @Test func theListShowsOnlyThisOrganizationsLeadsEscaped() throws {
        let kit = try LeadTestKit()
        let other = try kit.otherOrganization()
        let campaign = try kit.campaign("<b>Bold</b> campaign")
        let mine = try kit.lead(email: "mine@x.example", name: "<script>alert(1)</script>", campaignID: campaign)
        try other.lead(email: "theirs@x.example", name: "Theirs")
        let page = kit.browser().get("/app/leads")
        #expect(page.text.contains("mine@x.example"))
        #expect(!page.text.contains("theirs@x.example"))
        #expect(!page.text.contains("<script>alert(1)"))
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.text.contains("&lt;b&gt;Bold&lt;/b&gt; campaign"))
        #expect(page.text.contains(#"href="/app/leads/\#(mine)""#))
        #expect(page.text.contains(#"href="/app/campaigns/\#(campaign)""#))
        // Another organization's campaign id filters down to nothing.
        let otherCampaign = try other.campaign("Theirs")
        #expect(!kit.browser().get("/app/leads?campaign=\(otherCampaign)").text.contains("mine@x.example"))
    }

    @Test func aViewerReadsTheInboxWithoutCheckboxesOrExport() throws {
        let kit = try LeadTestKit()
        try kit.lead(email: "seen@x.example")
        let viewer = try kit.world.member(of: kit.organization, role: "viewer")
        let page = kit.browser(viewer).get("/app/leads")
        #expect(page.status == .ok)
        #expect(page.text.contains("seen@x.example"))
        #expect(!page.text.contains(#"name="id""#))
        #expect(!page.text.contains("export.csv"))
        let admin = kit.browser().get("/app/leads")
        #expect(admin.text.contains(#"name="id""#) && admin.text.contains("export.csv"))
    }
}
