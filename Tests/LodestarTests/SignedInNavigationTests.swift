import Foundation
import HTTP
import Testing
@testable import Lodestar

/// The header of a signed-in page (issue 17): the person's name leads to their account,
/// and a page that does not exist inside /app still shows the navigation.
@Suite struct SignedInNavigationTests {
    private static let accountLink = #"<a class="site-nav__name" href="/app/account" title="Your account">"#

    @Test func theNameInTheHeaderLinksToTheAccountPage() throws {
        let world = try AccountsWorld()
        let (_, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        let home = browser.get("/app").text
        #expect(home.contains(Self.accountLink))
        #expect(browser.get("/app/account").status == .ok)
    }

    @Test func aMissingPageInsideTheAppKeepsTheNavigation() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        for path in ["/app/nowhere", "/app/campaigns/999999", "/app/settings/whitelist/999999/nothing"] {
            let missing = browser.get(path)
            #expect(missing.status == .notFound, "\(path)")
            #expect(missing.text.contains(#"<a href="/app/campaigns""#), "\(path)")
            #expect(missing.text.contains(Self.accountLink), "\(path)")
            #expect(missing.text.contains(organization), "\(path)")
        }
        // Signed out, such an address asks for sign-in like any page under /app.
        let signedOut = world.browser().get("/app/nowhere")
        #expect(signedOut.status == .seeOther)
        #expect(signedOut.headers["Location"]?.hasPrefix("/login") == true)
    }
}
