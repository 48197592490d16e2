import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

@Suite struct LeadPageTests {
    @Test func answersShowWithTheLabelsOfTheVersionTheLeadWasMadeAgainst() throws {
        let kit = try LeadTestKit()
        let campaign = try kit.campaign("Launch", fields: [
            Lodestar.FormField(key: "company", type: .text, label: "Company name"),
            Lodestar.FormField(key: "topics", type: .checkbox, label: "Topics of interest", options: ["SEO", "Ads"]),
        ])
        try kit.publish(campaignID: campaign, version: 2, fields: [
            Lodestar.FormField(key: "company", type: .text, label: "Organisation"),
        ])
        let lead = try kit.lead(
            email: "ann@x.example", name: "Ann", campaignID: campaign, version: 1,
            answers: #"{"topics": ["SEO", "Ads"], "company": "Acme", "utm_source": "mail"}"#)
        let page = kit.browser().get("/app/leads/\(lead)")
        #expect(page.status == .ok)
        #expect(page.text.contains("<dt>Company name</dt><dd>Acme</dd>"))
        #expect(page.text.contains("<dt>Topics of interest</dt><dd>SEO, Ads</dd>"))
        #expect(!page.text.contains("Organisation"))
        #expect(page.text.contains(#"<dt>utm_source <span class="muted">(not in this form version)</span></dt><dd>mail</dd>"#))
        // Form order: company before topics, unknown keys last.
        let company = try #require(LeadTestKit.position(of: "Company name", in: page.text))
        let topics = try #require(LeadTestKit.position(of: "Topics of interest", in: page.text))
        let unknown = try #require(LeadTestKit.position(of: "utm_source", in: page.text))
        #expect(company < topics && topics < unknown)
        #expect(page.text.contains(#"<a href="/app/campaigns/\#(campaign)">Launch</a>"#))
        #expect(page.text.contains("form version 1"))
        #expect(page.text.contains(#"aria-current="page">Leads"#))
    }

    /// A select offers every move the table allows; one step reaches any of them (new
    /// straight to qualified); final ones stay final.
    @Test func statusChangesFollowTheTransitionTableAndAreRecorded() throws {
        let kit = try LeadTestKit()
        let lead = try kit.lead(email: "ann@x.example")
        let browser = kit.browser()
        let page = browser.get("/app/leads/\(lead)")
        #expect(page.text.contains(
            #"<select id="lead-status-target" name="status" required aria-describedby="lead-status-help">"#
                + #"<option value="">Choose…</option><option value="contacted">Contacted</option><option value="qualified">Qualified</option>"#
                + #"<option value="converted">Converted (final)</option><option value="disqualified">Disqualified (final)</option></select>"#))
        // No choice is a 422 that says so.
        let none = browser.post("/app/leads/\(lead)/status", [("status", "")])
        #expect(none.status == .unprocessableContent)
        #expect(none.text.contains("Choose the status to move the lead to."))
        // Past a rung in one step.
        #expect(browser.post("/app/leads/\(lead)/status", [("status", "qualified")]).status == .seeOther)
        #expect(try kit.status(of: lead) == "qualified")
        let qualified = browser.get("/app/leads/\(lead)").text
        #expect(qualified.contains("Status changed to qualified."))
        #expect(qualified.contains(#"<option value="contacted">Contacted (back)</option><option value="new">New (back)</option>"#))
        // Back two rungs, then to the end, which is final.
        for next in ["new", "converted"] {
            #expect(browser.post("/app/leads/\(lead)/status", [("status", next), ("confirm", "yes")]).status == .seeOther)
        }
        #expect(try kit.status(of: lead) == "converted")
        let final = browser.post("/app/leads/\(lead)/status", [("status", "disqualified"), ("confirm", "yes")])
        #expect(final.status == .unprocessableContent)
        #expect(final.text.contains("A converted lead is final; its status cannot change any more."))
        let finalPage = browser.get("/app/leads/\(lead)").text
        #expect(finalPage.contains("Converted is final"))
        #expect(!finalPage.contains("lead-status-target"))
        #expect(browser.post("/app/leads/\(lead)/status", [("status", "won")]).status == .badRequest)
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id = \(lead) AND kind = 'status'") == 3)
        #expect(try kit.count("SELECT count(*) FROM audit_log WHERE organization_id = \(kit.organizationID) AND action = 'lead.status_changed' AND entity_id = \(String(lead))") == 3)
    }

    @Test func sourceAndScoreReadInWords() throws {
        let kit = try LeadTestKit()
        let browser = kit.browser()
        let lead = try kit.lead(email: "ann@x.example")
        var page = browser.get("/app/leads/\(lead)").text
        #expect(page.contains("<div><dt>Source</dt><dd>Landing page form</dd></div>"))
        #expect(page.contains("<div><dt>Score</dt><dd>Not scored yet</dd></div>"))
        for (source, score, words) in [("api", 85, "Added through the API"), ("import", 1, "Imported from a file"), ("manual", 45, "Added by hand")] {
            try kit.world.pool.execute("UPDATE leads SET source = \(source), score = \(score) WHERE id = \(lead)")
            page = browser.get("/app/leads/\(lead)").text
            #expect(page.contains("<dt>Source</dt><dd>\(words)</dd>"))
        }
        #expect(page.contains("<dt>Score</dt><dd>Warm (45 points)</dd>"))
        #expect(LeadFacts.score(85) == "Hot (85 points)")
        #expect(LeadFacts.score(1) == "Cold (1 point)")
        #expect(LeadFacts.score(-1_500) == "Cold (-1,500 points)")
    }

    @Test func theOwnerIsAMemberOrNobody() throws {
        let kit = try LeadTestKit()
        let other = try kit.otherOrganization()
        let lead = try kit.lead(email: "ann@x.example")
        let browser = kit.browser()
        let adminID = try kit.userID(kit.admin)
        browser.get("/app/leads/\(lead)")
        #expect(browser.post("/app/leads/\(lead)/owner", [("owner", String(adminID))]).status == .seeOther)
        #expect(try kit.owner(of: lead) == adminID)
        let page = browser.get("/app/leads/\(lead)")
        #expect(page.text.contains("Assigned to \(kit.admin)."))
        #expect(page.text.contains(#"<option value="\#(adminID)" selected>"#))
        let stranger = browser.post("/app/leads/\(lead)/owner", [("owner", String(try kit.userID(other.admin)))])
        #expect(stranger.status == .unprocessableContent)
        #expect(stranger.text.contains("only be assigned to members"))
        #expect(try kit.owner(of: lead) == adminID)
        #expect(browser.post("/app/leads/\(lead)/owner", [("owner", "")]).status == .seeOther)
        #expect(try kit.owner(of: lead) == nil)
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id = \(lead) AND kind = 'owner'") == 2)
        #expect(browser.post("/app/leads/\(lead)/owner", [("owner", "me")]).status == .badRequest)
    }

    @Test func savingTheOwnerFormUnchangedKeepsAFormerMemberWithoutAnError() throws {
        let kit = try LeadTestKit()
        let former = try kit.world.member(of: kit.organization, role: "manager")
        let formerID = try kit.userID(former)
        let lead = try kit.lead(email: "ann@x.example", owner: formerID)
        try kit.world.pool.execute("DELETE FROM memberships WHERE organization_id = \(kit.organizationID) AND user_id = \(formerID)")
        let browser = kit.browser()
        let page = browser.get("/app/leads/\(lead)")
        #expect(page.text.contains(#"<option value="\#(formerID)" selected>"#))
        // The form offers the former member, selected; sending it back as it is changes nothing.
        let saved = browser.post("/app/leads/\(lead)/owner", [("owner", String(formerID))])
        #expect(saved.status == .seeOther)
        #expect(try kit.owner(of: lead) == formerID)
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id = \(lead) AND kind = 'owner'") == 0)
    }

    @Test func notesAreAddedShownNewestFirstAndAnEmptyNoteIsRefused() throws {
        let kit = try LeadTestKit()
        let lead = try kit.lead(email: "ann@x.example")
        let browser = kit.browser()
        browser.get("/app/leads/\(lead)")
        #expect(browser.post("/app/leads/\(lead)/notes", [("body", "  Called, no answer.  ")]).status == .seeOther)
        #expect(browser.post("/app/leads/\(lead)/notes", [("body", "Second call: <b>interested</b>")]).status == .seeOther)
        let page = browser.get("/app/leads/\(lead)")
        let first = try #require(LeadTestKit.position(of: "Called, no answer.", in: page.text))
        let second = try #require(LeadTestKit.position(of: "Second call: &lt;b&gt;interested&lt;/b&gt;", in: page.text))
        #expect(second < first)
        #expect(!page.text.contains("<b>interested</b>"))
        #expect(try kit.count("SELECT count(*) FROM lead_notes WHERE lead_id = \(lead) AND body = 'Called, no answer.'") == 1)
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id = \(lead) AND kind = 'note'") == 2)
        let empty = browser.post("/app/leads/\(lead)/notes", [("body", "   \n ")])
        #expect(empty.status == .unprocessableContent)
        #expect(empty.text.contains("Write something before adding the note."))
        #expect(empty.text.contains(#"aria-invalid="true""#))
        let long = browser.post("/app/leads/\(lead)/notes", [("body", String(repeating: "x", count: 10_001))])
        #expect(long.status == .unprocessableContent)
        #expect(long.text.contains(String(repeating: "x", count: 10_001)))  // what was typed is kept
        #expect(try kit.count("SELECT count(*) FROM lead_notes WHERE lead_id = \(lead)") == 2)
    }

    @Test func aNoteWithAControlCharacterIsRefusedBesideTheFieldNotA500() throws {
        let kit = try LeadTestKit()
        let lead = try kit.lead(email: "ann@x.example")
        let browser = kit.browser()
        for body in ["Called\u{0}back", "Bell\u{7}"] {
            browser.get("/app/leads/\(lead)")
            let refused = browser.post("/app/leads/\(lead)/notes", [("body", body)])
            #expect(refused.status == .unprocessableContent, "\(body.unicodeScalars.map(\.value))")
            #expect(refused.text.contains("Remove the invisible control character from the note."))
        }
        browser.get("/app/leads/\(lead)")
        #expect(browser.post("/app/leads/\(lead)/notes", [("body", "Line one\n\tLine two")]).status == .seeOther)
        #expect(try kit.count("SELECT count(*) FROM lead_notes WHERE lead_id = \(lead)") == 1)
    }

    @Test func theTimelineMergesTheSubmissionActivitiesAndNotesNewestFirst() throws {
        let kit = try LeadTestKit()
        let campaign = try kit.campaign("Timeline")
        let lead = try kit.lead(email: "ann@x.example", campaignID: campaign, created: "2026-01-01 10:00+00")
        try kit.submitEvent(leadID: lead, campaignID: campaign, at: "2026-01-01 10:00+00")
        let adminID = try kit.userID(kit.admin)
        try kit.world.pool.execute(
            """
            INSERT INTO lead_activities (organization_id, lead_id, actor_user_id, kind, old_value, new_value, occurred_at)
            VALUES (\(kit.organizationID), \(lead), \(adminID), 'status', 'new', 'contacted', '2026-01-02 09:00+00')
            """)
        try kit.world.pool.execute(
            """
            INSERT INTO lead_notes (organization_id, lead_id, author_user_id, body, created_at)
            VALUES (\(kit.organizationID), \(lead), \(adminID), 'Old note <i>', '2026-01-03 09:00+00')
            """)
        let browser = kit.browser()
        browser.get("/app/leads/\(lead)")
        browser.post("/app/leads/\(lead)/owner", [("owner", String(adminID))])
        let page = browser.get("/app/leads/\(lead)")
        let start = try #require(page.text.range(of: "Timeline</h2>"))
        let timeline = String(page.text[start.upperBound...])
        let positions = try ["Assigned to \(kit.admin)", "Old note &lt;i&gt;", "Status changed from new to contacted", "Submitted the landing page form"]
            .map { try #require(LeadTestKit.position(of: $0, in: timeline), "\($0)") }
        #expect(positions == positions.sorted())
        #expect(timeline.contains("by \(kit.admin)"))
    }

    @Test func anotherOrganizationsLeadIsA404OnEveryRoute() throws {
        let kit = try LeadTestKit()
        let other = try kit.otherOrganization()
        let foreign = try other.lead(email: "foreign@x.example", name: "Secret")
        let browser = kit.browser()
        let page = browser.get("/app/leads/\(foreign)")
        #expect(page.status == .notFound)
        #expect(!page.text.contains("foreign@x.example"))
        browser.get("/app/leads")
        #expect(browser.post("/app/leads/\(foreign)/status", [("status", "contacted")]).status == .notFound)
        #expect(browser.post("/app/leads/\(foreign)/owner", [("owner", "")]).status == .notFound)
        #expect(browser.post("/app/leads/\(foreign)/notes", [("body", "hello")]).status == .notFound)
        #expect(try other.status(of: foreign) == "new")
        #expect(try kit.count("SELECT count(*) FROM lead_notes WHERE lead_id = \(foreign)") == 0)
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id = \(foreign)") == 0)
        #expect(browser.get("/app/leads/abc").status == .notFound)
        #expect(browser.get("/app/leads/99999999999999999999").status == .notFound)
        #expect(browser.get("/app/leads/0").status == .notFound)
    }

    @Test func scriptTextInALeadIsShownEscapedAndAViewerCannotChangeIt() throws {
        let kit = try LeadTestKit()
        let lead = try kit.lead(
            email: "x@x.example", name: "<script>alert('n')</script>", answers: #"{"bio": "<img src=x onerror=alert(1)>"}"#)
        let viewer = try kit.world.member(of: kit.organization, role: "viewer")
        let browser = kit.browser(viewer)
        let page = browser.get("/app/leads/\(lead)")
        #expect(page.status == .ok)
        #expect(!page.text.contains("<script>alert"))
        #expect(!page.text.contains("<img src=x"))
        #expect(page.text.contains("&lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt;"))
        #expect(page.text.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!page.text.contains("Mark contacted"))
        #expect(!page.text.contains("Add note"))
        #expect(browser.post("/app/leads/\(lead)/status", [("status", "contacted")]).status == .forbidden)
        #expect(browser.post("/app/leads/\(lead)/notes", [("body", "hi")]).status == .forbidden)
    }
}
