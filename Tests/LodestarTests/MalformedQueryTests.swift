import Foundation
import HTTP
import Testing
import Web
@testable import Lodestar

/// A query string that does not decode to UTF-8 used to read as "no filters at all":
/// `/app/leads/export.csv?campaign=8&q=%FF` exported every lead. Now every route answers 400.
@Suite struct MalformedQueryTests {
    @Test func anUndecodableQueryIsA400NotAnUnfilteredAnswer() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let admin = try world.adminEmail(of: campaign)
        let browser = world.accounts.browser()
        browser.signIn(admin, AccountsWorld.password)
        #expect(browser.get("/app/leads/export.csv?campaign=\(campaign.campaignID)").status == .ok)
        for target in ["/app/leads/export.csv?campaign=\(campaign.campaignID)&q=%FF", "/app/leads?status=new&q=caf%E9",
                       "/app/campaigns?q=%C3%28", "/app/settings/audit?action=%FF"] {
            let response = browser.get(target)
            #expect(response.status == .badRequest, "\(target)")
            #expect(response.headers["Content-Type"]?.hasPrefix("text/html") == true, "\(target)")
            #expect(response.text.contains("is not UTF-8 text"), "\(target)")
        }
        // Public pages too.
        let landing = world.client().get(campaign.path + "?utm_source=%FF")
        #expect(landing.status == .badRequest)
        #expect(landing.text.contains("is not UTF-8 text"))
        #expect(world.client().get(campaign.path + "?utm_source=mail").status == .ok)
    }
}
