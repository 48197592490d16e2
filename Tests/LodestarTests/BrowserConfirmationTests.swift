import Foundation
import Postgres
import Testing
@testable import Lodestar

/// The confirmations of final actions in headless Chromium (issue 17): with the script, a
/// campaign's "Cancel campaign…" asks in a dialog whose safe choice has the focus and
/// changes nothing when declined; the same question on its own page works without the
/// script (a lead disqualified from its confirmation page); both fit a phone.
@Suite(.serialized) struct BrowserConfirmationTests {
    @Test func cancellingAsksInADialogAndDisqualifyingOnItsOwnPage() throws {
        let site = try BrowserSignInTests.Site()
        defer { site.stop() }
        let (organization, email) = try site.member(password: BrowserCampaignFlowTests.password)
        let (campaignURL, _) = try BrowserCampaignFlowTests.activeCampaign(organization: organization, pool: site.pool)
        let name = try site.pool.query(
            "SELECT name FROM campaigns WHERE id = \(try #require(Int64(campaignURL.split(separator: "/").last ?? "")))"
        ).single(String.self)
        let organizationID = try site.pool.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
        let lead = try site.pool.query(
            "INSERT INTO leads (organization_id, email, name) VALUES (\(organizationID), 'ann@example.com', 'Ann Example') RETURNING id"
        ).single(Int64.self)

        try BrowserCampaignFlowTests.withBrowser { browser in
            try BrowserCampaignFlowTests.signIn(browser, site: site, email: email)
            try browser.navigate(to: site.baseURL + campaignURL)
            try browser.element("a.action-link--danger").click()
            let question = eventually({ try browser.element("dialog.confirm-dialog[open] h2").text }) { !$0.isEmpty }
            #expect(question == "Cancel \(name)?")
            #expect(try browser.element("dialog.confirm-dialog").text.contains("This cannot be undone"))
            #expect(try browser.execute("return document.activeElement.textContent;") as? String == "Keep the campaign as it is")
            // Declined: the dialog goes, the campaign stays active, the focus returns to the link.
            try browser.element("dialog.confirm-dialog [data-confirm-back]").click()
            #expect(eventually({ String(try browser.count("dialog.confirm-dialog")) }) { $0 == "0" } == "0")
            #expect(try browser.execute("return document.activeElement.textContent;") as? String == "Cancel campaign…")
            #expect(try browser.currentURL == site.baseURL + campaignURL)
            #expect(try browser.element("h1 .badge").text == "Active")

            try browser.element("a.action-link--danger").click()
            try BrowserCampaignFlowTests.button(browser, "Cancel campaign").click()
            #expect(eventually({ try browser.element("h1 .badge").text }) { $0 == "Cancelled" } == "Cancelled")
            #expect(try browser.element(".status-panel").text.contains("This campaign is cancelled."))

            // The page of its own, as a browser without the script reaches it.
            try browser.setWindowSize(width: 390, height: 844)
            try browser.navigate(to: site.baseURL + "/app/leads/\(lead)/status?status=disqualified")
            #expect(try browser.element("h1").text == "Disqualify Ann Example?")
            #expect(try browser.element(".confirm__irreversible").text
                == "This cannot be undone: a disqualified lead's status can no longer change.")
            try BrowserCampaignFlowTests.expectFits(browser, "lead confirmation page")
            try BrowserCampaignFlowTests.button(browser, "Disqualify").click()
            _ = try browser.waitForURL { $0.hasSuffix("/app/leads/\(lead)") }
            #expect(eventually({ try browser.element("h1 .badge").text }) { $0 == "Disqualified" } == "Disqualified")
        }
    }
}
