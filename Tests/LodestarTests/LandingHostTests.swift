import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// With `LANDING_BASE_URL`, tenants' public pages live on a host of their own: `/f/...`
/// answers only there, everything else only on `BASE_URL`'s host, and the application's
/// links to landing pages point there.
@Suite struct LandingHostTests {
    static let landingHost = "go.localtest.example"

    private func get(_ world: LandingWorld, _ target: String, host: String) -> TestResponse {
        world.client().get(target, headers: ["Host": host])
    }

    @Test func eachHostAnswersOnlyForItsPages() throws {
        let world = try LandingWorld(["LANDING_BASE_URL": "http://\(Self.landingHost):8080/"])
        let campaign = try world.campaign()
        #expect(get(world, campaign.path, host: Self.landingHost + ":8080").status == .ok)
        let submitted = world.client().post(
            campaign.path, form: [("name", "Ann"), ("email", TestDatabase.unique("ann") + "@example.com")],
            headers: ["Host": Self.landingHost])
        #expect(submitted.status == .seeOther)
        #expect(try world.leads(campaign) == 1)
        // The thank-you the 303 names answers on the landing host too, and only there.
        let thanks = try #require(submitted.headers["Location"])
        #expect(get(world, thanks, host: Self.landingHost).status == .ok)
        #expect(get(world, thanks, host: "localhost").status == .notFound)
        #expect(get(world, "/login", host: Self.landingHost).status == .notFound)
        #expect(get(world, "/app", host: Self.landingHost).status == .notFound)
        #expect(get(world, "/", host: Self.landingHost).status == .notFound)
        #expect(get(world, "/login", host: Self.landingHost).headers["Set-Cookie"] == nil)

        #expect(get(world, campaign.path, host: "localhost:8080").status == .notFound)
        #expect(get(world, "/%66/" + campaign.slug, host: "localhost").status == .notFound)
        let login = get(world, "/login", host: "localhost:8080")
        #expect(login.status == .ok)
        // Cookies stay on the application's host: no Domain that would share them.
        let cookies = login.headers.values("Set-Cookie")
        #expect(!cookies.isEmpty)
        #expect(cookies.allSatisfy { !$0.lowercased().contains("domain=") })

        for host in ["localhost:8080", Self.landingHost] {
            #expect(get(world, "/static/app.css", host: host).status == .ok, "\(host)")
            #expect(get(world, "/healthz", host: host).status == .ok, "\(host)")
        }
        #expect(get(world, campaign.path, host: "elsewhere.example").status == .notFound)
    }

    @Test func theApplicationLinksToTheLandingHost() throws {
        let world = try LandingWorld(["LANDING_BASE_URL": "https://\(Self.landingHost)"])
        let campaign = try world.campaign()
        let admin = try world.adminEmail(of: campaign)
        let browser = world.accounts.browser()
        #expect(browser.signIn(admin, AccountsWorld.password).status == .seeOther)
        let url = "https://\(Self.landingHost)/f/\(campaign.slug)"
        #expect(browser.get("/app/campaigns/\(campaign.campaignID)").text.contains(#"href="\#(url)""#))
        #expect(browser.get("/app/campaigns").text.contains(#"href="\#(url)""#))
        #expect(browser.get("/app/campaigns/\(campaign.campaignID)/form").text.contains(#"href="\#(url)""#))
    }

    @Test func withoutItEverythingAnswersEverywhereAsBefore() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        #expect(get(world, campaign.path, host: Self.landingHost).status == .ok)
        #expect(get(world, campaign.path, host: "localhost").status == .ok)
        #expect(get(world, "/login", host: Self.landingHost).status == .ok)
    }

    @Test func aLandingHostMustBeAnotherHostAndAnOrigin() throws {
        for value in ["http://localhost:9090", "https://go.example.com/landing", "go.example.com", "ftp://go.example.com"] {
            #expect(throws: ConfigurationError.self, "\(value)") {
                try AppConfiguration(environment: ["BASE_URL": "http://localhost:8080", "LANDING_BASE_URL": value])
            }
        }
        let configuration = try AppConfiguration(environment: ["BASE_URL": "https://app.example.com", "LANDING_BASE_URL": "https://go.example.com/"])
        #expect(configuration.landingBaseURL == "https://go.example.com")
    }
}

extension LandingWorld {
    /// The email of the admin `campaign(...)` made for the campaign's organization.
    func adminEmail(of campaign: LandingCampaign) throws -> String {
        try pool.query("""
            SELECT u.email::text FROM users u JOIN memberships m ON m.user_id = u.id
            WHERE m.organization_id = \(campaign.organizationID) AND m.role_key = 'admin'
            """).single(String.self)
    }
}
