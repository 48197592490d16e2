import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

/// A lead's page keeps the inbox it was opened from (issue 17): "← All leads" returns to
/// its filters and page, previous and next follow the inbox's order across its pages, and
/// a change made on the page comes back to the page within that inbox.
@Suite struct LeadNavigationTests {
    @Test func allLeadsReturnsToTheFiltersAndPageAndPreviousAndNextFollowTheInbox() throws {
        let kit = try LeadTestKit()
        let campaign = try kit.campaign("Webinar")
        // 52 leads of the campaign, one a minute, oldest first: page 1 of "oldest" holds 50.
        var ids: [Int64] = []
        for index in 0..<52 {
            ids.append(try kit.lead(
                email: "lead\(index)@x.example", campaignID: campaign, created: "2026-03-01 10:\(index < 10 ? "0" : "")\(index):00+00"))
        }
        try kit.lead(email: "elsewhere@x.example", campaignID: try kit.campaign("Other"))
        let browser = kit.browser()
        let inbox = browser.get("/app/leads?campaign=\(campaign)&sort=oldest").text
        // Each row links to the lead within this inbox.
        #expect(inbox.contains(#"<a href="/app/leads/\#(ids[0])?campaign=\#(campaign)&amp;sort=oldest">lead0@x.example</a>"#))

        let first = browser.get("/app/leads/\(ids[0])?campaign=\(campaign)&sort=oldest").text
        #expect(first.contains(#"<a class="lead-nav__all" href="/app/leads?campaign=\#(campaign)&amp;sort=oldest">← All leads</a>"#))
        #expect(!first.contains(#"rel="prev""#))
        #expect(first.contains(#"<a href="/app/leads/\#(ids[1])?campaign=\#(campaign)&amp;sort=oldest" rel="next">Next lead</a>"#))

        // The last of page 1: next is the first of page 2, on page 2.
        let last = browser.get("/app/leads/\(ids[49])?campaign=\(campaign)&sort=oldest").text
        #expect(last.contains(#"<a href="/app/leads/\#(ids[48])?campaign=\#(campaign)&amp;sort=oldest" rel="prev">Previous lead</a>"#))
        #expect(last.contains(#"<a href="/app/leads/\#(ids[50])?campaign=\#(campaign)&amp;sort=oldest&amp;page=2" rel="next">Next lead</a>"#))
        // And back from page 2.
        let second = browser.get("/app/leads/\(ids[50])?campaign=\(campaign)&sort=oldest&page=2").text
        #expect(second.contains(#"<a class="lead-nav__all" href="/app/leads?campaign=\#(campaign)&amp;sort=oldest&amp;page=2">← All leads</a>"#))
        #expect(second.contains(#"<a href="/app/leads/\#(ids[49])?campaign=\#(campaign)&amp;sort=oldest" rel="prev">Previous lead</a>"#))
        #expect(second.contains(#"<a href="/app/leads/\#(ids[51])?campaign=\#(campaign)&amp;sort=oldest&amp;page=2" rel="next">Next lead</a>"#))
        let end = browser.get("/app/leads/\(ids[51])?campaign=\(campaign)&sort=oldest&page=2").text
        #expect(!end.contains(#"rel="next""#))

        // Without an inbox: the plain inbox, newest first.
        let plain = browser.get("/app/leads/\(ids[51])").text
        #expect(plain.contains(#"<a class="lead-nav__all" href="/app/leads">← All leads</a>"#))
        #expect(plain.contains(#"<a href="/app/leads/\#(ids[50])" rel="next">Next lead</a>"#))
        // A malformed inbox is a 400, as on the inbox itself.
        #expect(browser.get("/app/leads/\(ids[0])?status=won").status == .badRequest)
    }

    @Test func changesOnTheLeadPageComeBackWithinTheInbox() throws {
        let kit = try LeadTestKit()
        let lead = try kit.lead(email: "ann@x.example")
        let browser = kit.browser()
        let page = browser.get("/app/leads/\(lead)?status=new&q=ann").text
        #expect(page.contains(#"<input type="hidden" name="back" value="q=ann&amp;status=new">"#))
        let moved = browser.post("/app/leads/\(lead)/status", [("status", "contacted"), ("back", "q=ann&status=new")])
        #expect(moved.headers["Location"] == "/app/leads/\(lead)?q=ann&status=new")
        let noted = browser.post("/app/leads/\(lead)/notes", [("body", "Called."), ("back", "q=ann&status=new")])
        #expect(noted.headers["Location"] == "/app/leads/\(lead)?q=ann&status=new")
        // A final status asks first, and the question keeps the inbox too.
        let asked = browser.post("/app/leads/\(lead)/status", [("status", "disqualified"), ("back", "q=ann&status=new")])
        let confirmURL = try #require(asked.headers["Location"])
        #expect(confirmURL == "/app/leads/\(lead)/status?status=disqualified&back=q%3Dann%26status%3Dnew")
        let confirm = browser.get(confirmURL).text
        #expect(confirm.contains(#"<input type="hidden" name="back" value="q=ann&amp;status=new">"#))
        #expect(confirm.contains(#"href="/app/leads/\#(lead)?q=ann&amp;status=new" data-confirm-back>Keep the lead contacted</a>"#))
        let done = browser.post("/app/leads/\(lead)/status", [("status", "disqualified"), ("back", "q=ann&status=new"), ("confirm", "yes")])
        #expect(done.headers["Location"] == "/app/leads/\(lead)?q=ann&status=new")
        #expect(try kit.status(of: lead) == "disqualified")
        // A malformed back field only loses the inbox, never the change.
        let other = try kit.lead(email: "bob@x.example")
        let lost = browser.post("/app/leads/\(other)/status", [("status", "contacted"), ("back", "status=won")])
        #expect(lost.headers["Location"] == "/app/leads/\(other)")
        #expect(try kit.status(of: other) == "contacted")
    }
}
