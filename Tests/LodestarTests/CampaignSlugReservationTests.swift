import Foundation
import HTTP
import Web
import Testing
@testable import Lodestar

/// Issue 18, item 14: a slug a campaign let go of (deleted, or moved to another slug) stays
/// reserved to its organization for SLUG_RESERVATION_DAYS, so links already mailed cannot
/// be taken over by another organization; the same organization may reuse it at once.
@Suite struct CampaignSlugReservationTests {
    private func worlds(_ environment: [String: String] = [:]) throws -> (CampaignWorld, CampaignWorld) {
        let accounts = try AccountsWorld(environment: environment)
        return (try CampaignWorld(accounts: accounts), try CampaignWorld(accounts: accounts))
    }

    private func createRefused(_ world: CampaignWorld, slug: String) -> TestResponse {
        world.admin.get("/app/campaigns/new")
        return world.admin.post("/app/campaigns", [("name", "Taking over"), ("slug", slug), ("sender_name", "Kept")])
    }

    private func reservedMessage(_ slug: String) -> String {
        #"<p class="field__error" id="campaign-slug-error">The address /f/\#(slug) is reserved: another organization&#39;s campaign used it recently"#
    }

    @Test func aDeletedCampaignsSlugStaysWithItsOrganization() throws {
        let (owner, other) = try worlds()
        let slug = TestDatabase.unique("webinar-")
        let id = try owner.create(name: "Webinar", [("slug", slug)])
        #expect(owner.admin.post("/app/campaigns/\(id)/delete", [("confirm", "yes")]).status == .seeOther)

        let refused = createRefused(other, slug: slug)
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains(reservedMessage(slug)))
        #expect(refused.text.contains(#"value="Kept""#))
        #expect(try other.accounts.count("SELECT count(*) FROM campaigns WHERE organization_id = \(other.organizationID)") == 0)
        // Nor by editing a campaign of theirs to it.
        let theirs = try other.create(name: "Theirs")
        other.admin.get("/app/campaigns/\(theirs)/edit")
        let edit = other.admin.post("/app/campaigns/\(theirs)", [("name", "Theirs"), ("slug", slug)])
        #expect(edit.status == .unprocessableContent)
        #expect(edit.text.contains(reservedMessage(slug)))
        // A name that makes the slug gets the next free one instead.
        let named = try other.create(name: slug.replacingOccurrences(of: "-", with: " "))
        #expect(try other.campaign(named)?.slug == slug + "-2")

        // The organization that used it takes it back at once.
        let again = try owner.create(name: "Webinar again", [("slug", slug)])
        #expect(try owner.campaign(again)?.slug == slug)
    }

    @Test func aSlugACampaignMovedAwayFromIsReservedToo() throws {
        let (owner, other) = try worlds()
        let slug = TestDatabase.unique("launch-")
        let id = try owner.create(name: "Launch", [("slug", slug)])
        owner.admin.get("/app/campaigns/\(id)/edit")
        #expect(owner.admin.post("/app/campaigns/\(id)", [("name", "Launch"), ("slug", slug + "-new")]).status == .seeOther)
        #expect(createRefused(other, slug: slug).text.contains(reservedMessage(slug)))
        // Moving back is the same organization reusing it.
        owner.admin.get("/app/campaigns/\(id)/edit")
        #expect(owner.admin.post("/app/campaigns/\(id)", [("name", "Launch"), ("slug", slug)]).status == .seeOther)
        #expect(try owner.campaign(id)?.slug == slug)
    }

    @Test func theReservationEndsAfterItsDays() throws {
        let (owner, other) = try worlds(["SLUG_RESERVATION_DAYS": "30"])
        let slug = TestDatabase.unique("sale-")
        let id = try owner.create(name: "Sale", [("slug", slug)])
        #expect(owner.admin.post("/app/campaigns/\(id)/delete", [("confirm", "yes")]).status == .seeOther)
        let until = try owner.pool.query(
            "SELECT round(extract(epoch FROM reserved_until - now()) / 86400)::int FROM slug_reservations WHERE slug = \(slug)::citext"
        ).single(Int.self)
        #expect(until == 30)
        #expect(createRefused(other, slug: slug).status == .unprocessableContent)
        try owner.pool.execute("UPDATE slug_reservations SET reserved_until = now() - interval '1 second' WHERE slug = \(slug)::citext")
        let taken = try other.create(name: "Sale elsewhere", [("slug", slug)])
        #expect(try other.campaign(taken)?.slug == slug)

        // SLUG_RESERVATION_DAYS=0 reserves nothing.
        let (first, second) = try worlds(["SLUG_RESERVATION_DAYS": "0"])
        let free = TestDatabase.unique("free-")
        let deleted = try first.create(name: "Free", [("slug", free)])
        #expect(first.admin.post("/app/campaigns/\(deleted)/delete", [("confirm", "yes")]).status == .seeOther)
        #expect(try second.campaign(try second.create(name: "Free elsewhere", [("slug", free)]))?.slug == free)
    }
}
