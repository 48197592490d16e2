import Foundation
import Postgres
import Testing
@testable import Lodestar

/// Issue 17, "Public landing page", in headless Chromium against the real server: after
/// sending the form the browser is on `/f/{slug}/thanks` (a reload there sends nothing
/// again), and after a refusal the list of problems has the focus. Needs what `make test`
/// provides.
@Suite(.serialized) struct BrowserLandingThanksTests {
    @Test func aProspectLandsOnTheThankYouAddressAndAReloadSendsNothing() throws {
        let site = try BrowserSignInTests.Site()
        defer { site.stop() }
        let (organizationID, campaignID, slug) = try BrowserLandingRedirectTests.activeCampaign(site, definition: LandingWorld.definition)
        let leads = {
            try site.pool.query(
                "SELECT count(*) FROM leads WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)"
            ).single(Int64.self)
        }

        let driver = try ChromeDriver.start()
        defer { driver.stop() }
        let browser = try driver.newSession()
        defer { browser.delete() }
        try browser.navigate(to: site.baseURL + "/f/" + slug)
        try browser.element("#field-email").sendKeys("ada@example.com")
        try browser.element("#landing-form button[type=submit]").click()

        let thanks = site.baseURL + "/f/" + slug + "/thanks"
        #expect(try browser.waitForURL { $0 == thanks } == thanks)
        #expect(try browser.execute("return document.title;") as? String == "Thank you – Spring webinar")
        #expect(try browser.pageText.contains("Thank you! We will be in touch soon."))
        #expect(try leads() == 1)
        // A reload asks for the thank-you again (no "resend the form?" prompt, no post).
        try browser.command("POST", "/refresh", [:])
        #expect(try browser.element("h1").text == "Thank you")
        #expect(try browser.responseStatus == 200)
        #expect(try leads() == 1)
    }

    @Test func afterARefusalTheListOfProblemsHasTheFocus() throws {
        let site = try BrowserSignInTests.Site()
        defer { site.stop() }
        let (_, _, slug) = try BrowserLandingRedirectTests.activeCampaign(site, definition: LandingWorld.definition)

        let driver = try ChromeDriver.start()
        defer { driver.stop() }
        let browser = try driver.newSession()
        defer { browser.delete() }
        try browser.navigate(to: site.baseURL + "/f/" + slug)
        try browser.element("#landing-form button[type=submit]").click()

        #expect(eventually({ String(try browser.responseStatus) }) { $0 == "422" } == "422")
        let focused = eventually({ try browser.execute("return document.activeElement.className;") as? String ?? "" }) {
            $0 == "landing__errors"
        }
        #expect(focused == "landing__errors")
        // Without the script the same list is where Tab starts: its link is the page's
        // first focusable element.
        #expect(try browser.execute("return document.querySelector('a[href], button, input:not([tabindex=\"-1\"]), select, textarea').getAttribute('href');") as? String == "#field-email")
        #expect(try browser.execute("return document.title;") as? String == "Error: Spring webinar")
    }
}
