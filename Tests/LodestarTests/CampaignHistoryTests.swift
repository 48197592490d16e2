import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// The campaign page's history: newest first, capped, with the whole history a link away.
@Suite struct CampaignHistoryTests {
    @Test func thePageShowsTheNewestTwentyAndLinksToAll() throws {
        let world = try CampaignWorld()
        let id = try world.create(name: "Busy")
        try world.pool.transaction { transaction in
            for index in 1...124 {
                try CampaignHistory.record(
                    [CampaignHistory.Change(field: "description", old: "v\(index - 1)", new: "v\(index)")], campaignID: id,
                    organizationID: world.organizationID, actorUserID: nil, in: transaction)
            }
        }
        let page = world.admin.get("/app/campaigns/\(id)")
        #expect(page.text.components(separatedBy: "<td>Description</td>").count - 1 == 20)
        #expect(page.text.contains(#"<span class="history-change__new">v124</span>"#))
        #expect(page.text.contains(#"<span class="history-change__new">v105</span>"#))
        #expect(!page.text.contains(#"<span class="history-change__new">v104</span>"#))
        #expect(page.text.contains(#"<a href="/app/campaigns/\#(id)/history">Show all 125 changes</a>"#))
        #expect(page.text.contains("<td>Lodestar</td>"))

        let all = world.admin.get("/app/campaigns/\(id)/history")
        #expect(all.status == .ok)
        #expect(all.text.components(separatedBy: "<tr>").count - 2 == 100)
        #expect(all.text.contains("Page 1 of 2"))
        let rest = world.admin.get("/app/campaigns/\(id)/history?page=2")
        #expect(rest.text.contains("<td>Created</td>"))
        #expect(rest.text.contains(#"<span class="history-change__new">v1</span>"#))
    }

    @Test func controlCharactersAreRefusedBesideTheirField() throws {
        let world = try CampaignWorld()
        world.admin.get("/app/campaigns/new")
        let response = world.admin.post("/app/campaigns", [("name", "Null\u{0}byte"), ("sender_name", "Bell\u{7}")])
        #expect(response.status == .unprocessableContent)
        #expect(response.text.contains(#"<p class="field__error" id="campaign-name-error">Remove the invisible control character"#))
        #expect(response.text.contains(#"<p class="field__error" id="campaign-sender-name-error">Remove the invisible control character"#))
        #expect(world.admin.get("/app/campaigns?q=a%00b").status == .ok)
    }
}
