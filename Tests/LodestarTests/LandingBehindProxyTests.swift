import HTTP
import Testing
import Web
@testable import Lodestar

/// Behind a trusted reverse proxy (`TRUSTED_PROXIES`) the landing page's per-address
/// limit and the leads' recorded address use the forwarded client, and a visitor who
/// is not a trusted proxy cannot pick their address with `X-Forwarded-For`.
@Suite struct LandingBehindProxyTests {
    static let proxy = "10.20.0.5"

    func post(_ world: LandingWorld, _ campaign: LandingCampaign, from peer: String, forwardedFor: String, email: String) -> HTTPStatus {
        world.client(remoteAddress: peer)
            .post(campaign.path, form: [("email", email)], headers: ["X-Forwarded-For": forwardedFor]).status
    }

    func leads(_ world: LandingWorld, _ campaign: LandingCampaign, from address: String) throws -> Int {
        try world.count(
            """
            SELECT count(*) FROM leads
            WHERE organization_id = \(campaign.organizationID) AND campaign_id = \(campaign.campaignID)
              AND ip_address = \(address)
            """)
    }

    @Test func forwardedClientsAreLimitedOneByOneBehindATrustedProxy() throws {
        let world = try LandingWorld(["FORM_RATE_LIMIT": "1", "TRUSTED_PROXIES": "127.0.0.1, 10.20.0.0/16"])
        let campaign = try world.campaign()
        #expect(post(world, campaign, from: Self.proxy, forwardedFor: "203.0.113.1", email: "one@example.com") == .seeOther)
        #expect(post(world, campaign, from: Self.proxy, forwardedFor: "203.0.113.2", email: "two@example.com") == .seeOther)
        // The same client again, through another trusted hop: over the limit.
        #expect(post(world, campaign, from: Self.proxy, forwardedFor: "203.0.113.1, 10.20.0.9", email: "three@example.com") == .tooManyRequests)
        #expect(try world.leads(campaign) == 2)
        #expect(try leads(world, campaign, from: "203.0.113.1") == 1)
        #expect(try leads(world, campaign, from: "203.0.113.2") == 1)
    }

    @Test func anUntrustedVisitorsForwardedForIsIgnored() throws {
        let world = try LandingWorld(["FORM_RATE_LIMIT": "1", "TRUSTED_PROXIES": "10.20.0.0/16"])
        let campaign = try world.campaign()
        let visitor = "198.51.100.44"
        #expect(post(world, campaign, from: visitor, forwardedFor: "203.0.113.7", email: "one@example.com") == .seeOther)
        #expect(post(world, campaign, from: visitor, forwardedFor: "203.0.113.8", email: "two@example.com") == .tooManyRequests)
        #expect(try leads(world, campaign, from: visitor) == 1)
        #expect(try leads(world, campaign, from: "203.0.113.7") == 0)
    }

    @Test func withoutTheSettingAProxyIsOneAddress() throws {
        let world = try LandingWorld(["FORM_RATE_LIMIT": "1"])
        let campaign = try world.campaign()
        #expect(post(world, campaign, from: Self.proxy, forwardedFor: "203.0.113.1", email: "one@example.com") == .seeOther)
        #expect(post(world, campaign, from: Self.proxy, forwardedFor: "203.0.113.2", email: "two@example.com") == .tooManyRequests)
    }

    @Test func aMalformedSettingRefusesStartUpNamingTheEntry() {
        do {
            _ = try AppConfiguration(environment: ["TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/40"])
            Issue.record("accepted 10.0.0.0/40")
        } catch {
            #expect(String(describing: error).contains("TRUSTED_PROXIES"))
            #expect(String(describing: error).contains("'10.0.0.0/40'"))
        }
    }
}
