import HTTP
import Testing
@testable import Lodestar

/// The landing page's cache keeps a published form for FORM_CACHE_TTL_MS; changes made
/// in this process (a status change, a publish) must show on the public page at once.
@Suite struct LandingCacheFollowsChangesTests {
    private func world() throws -> (CampaignWorld, Int64, String) {
        let world = try CampaignWorld(accounts: AccountsWorld(environment: ["FORM_CACHE_TTL_MS": "600000", "FORM_RATE_LIMIT": "0"]))
        let id = try world.insert(name: "Cached", status: .active)
        try world.publishForm(id)
        let slug = try #require(try world.campaign(id)).slug
        return (world, id, slug)
    }

    @Test func pausingACampaignClosesItsLandingPageAtOnce() throws {
        let (world, id, slug) = try world()
        #expect(world.admin.get("/f/\(slug)").status == .ok)
        let changed = world.admin.post("/app/campaigns/\(id)/status", [("status", "paused")])
        #expect(changed.status == .seeOther)
        #expect(world.admin.get("/f/\(slug)").status == .serviceUnavailable)
    }

    @Test func publishingAFormShowsTheNewVersionAtOnce() throws {
        let (world, id, slug) = try world()
        #expect(!world.admin.get("/f/\(slug)").text.contains("A brand new heading"))
        world.admin.get("/app/campaigns/\(id)/form")
        var definition = FormDefinition.starter(title: "A brand new heading")
        definition.fields[1].required = true
        let published = world.admin.post("/app/campaigns/\(id)/form/publish", BuilderForm.fields(definition))
        #expect(published.status == .seeOther)
        #expect(world.admin.get("/f/\(slug)").text.contains("A brand new heading"))
    }
}
