import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// Who may do what with campaigns: roles (403 for what the role does not allow) and
/// tenancy (another organization's campaign is a 404 on every route, GET and POST).
@Suite struct CampaignAccessTests {
    @Test func viewersAndAnalystsReadButCannotChangeAnything() throws {
        let world = try CampaignWorld()
        let id = try world.insert(name: "Read only", status: .draft)
        try world.publishForm(id)
        for role in ["viewer", "analyst"] {
            let browser = try world.member(role)
            #expect(browser.get("/app/campaigns").text.contains("Read only"))
            let page = browser.get("/app/campaigns/\(id)")
            #expect(page.status == .ok)
            #expect(!page.text.contains(#"name="status""#), "\(role) sees status buttons")
            #expect(!page.text.contains("/edit\""), "\(role) sees Edit")
            #expect(!page.text.contains("Delete draft"))
            #expect(browser.get("/app/campaigns/\(id)/history").status == .ok)

            #expect(browser.get("/app/campaigns/new").status == .forbidden)
            #expect(browser.post("/app/campaigns", [("name", "Sneaky")]).status == .forbidden)
            #expect(browser.get("/app/campaigns/\(id)/edit").status == .forbidden)
            #expect(browser.post("/app/campaigns/\(id)", [("name", "Renamed")]).status == .forbidden)
            let status = browser.post("/app/campaigns/\(id)/status", [("status", "scheduled")])
            #expect(status.status == .forbidden)
            #expect(status.text.contains("does not allow this"))
            #expect(browser.post("/app/campaigns/\(id)/delete", []).status == .forbidden)
        }
        #expect(try world.status(id) == "draft")
        #expect(try world.campaign(id)?.name == "Read only")
        #expect(try world.accounts.count("SELECT count(*) FROM campaigns WHERE organization_id = \(world.organizationID)") == 1)
    }

    @Test func managersCanDoEverything() throws {
        let world = try CampaignWorld()
        let manager = try world.member("manager")
        manager.get("/app/campaigns/new")
        let created = manager.post("/app/campaigns", [("name", "By a manager"), ("starts_on", "2026-01-05")])
        #expect(created.status == .seeOther)
        let id = try #require(CampaignWorld.campaignID(location: created.headers["Location"]))
        try world.publishForm(id)
        #expect(manager.post("/app/campaigns/\(id)/status", [("status", "scheduled")]).status == .seeOther)
        #expect(manager.post("/app/campaigns/\(id)/status", [("status", "draft")]).status == .seeOther)
        #expect(manager.post("/app/campaigns/\(id)/delete", [("confirm", "yes")]).status == .seeOther)
        #expect(try world.campaign(id) == nil)
    }

    @Test func anotherOrganizationsCampaignIsNotFoundEverywhere() throws {
        let accounts = try AccountsWorld()
        let a = try CampaignWorld(accounts: accounts)
        let b = try CampaignWorld(accounts: accounts)
        let secret = TestDatabase.unique("Secret plan ")
        let id = try a.create(name: secret, [("starts_on", "2026-01-01")])
        try a.publishForm(id)

        for target in ["/app/campaigns/\(id)", "/app/campaigns/\(id)/edit", "/app/campaigns/\(id)/history"] {
            let response = b.admin.get(target)
            #expect(response.status == .notFound, "GET \(target)")
            #expect(!response.text.contains(secret), "GET \(target)")
        }
        b.admin.get("/app/campaigns")
        let posts: [(String, [(String, String)])] = [
            ("/app/campaigns/\(id)", [("name", "Hijacked")]),
            ("/app/campaigns/\(id)", [("name", "")]),  // even an invalid form: 404, not 422
            ("/app/campaigns/\(id)/status", [("status", "scheduled")]),
            ("/app/campaigns/\(id)/status", [("status", "cancelled")]),
            ("/app/campaigns/\(id)/delete", []),
        ]
        for (target, form) in posts {
            let response = b.admin.post(target, form)
            #expect(response.status == .notFound, "POST \(target)")
            #expect(!response.text.contains(secret), "POST \(target)")
        }
        #expect(!b.admin.get("/app/campaigns").text.contains(secret))
        #expect(!b.admin.get("/app/campaigns?q=Secret").text.contains(secret))
        let untouched = try #require(try a.campaign(id))
        #expect(untouched.name == secret)
        #expect(untouched.status == .draft)
        #expect(try a.history(id).count == 1)
    }

    @Test func nonNumericIDsAreNotFound() throws {
        let world = try CampaignWorld()
        for target in ["/app/campaigns/abc", "/app/campaigns/1x/edit", "/app/campaigns/99999999999999999999", "/app/campaigns/-1"] {
            #expect(world.admin.get(target).status == .notFound, "\(target)")
        }
        #expect(world.admin.post("/app/campaigns/abc/status", [("status", "active")]).status == .notFound)
    }

    @Test func signedOutVisitorsAreSentToSignIn() throws {
        let world = try AccountsWorld()
        let response = world.browser().get("/app/campaigns")
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"]?.hasPrefix("/login?next=") == true)
    }
}
