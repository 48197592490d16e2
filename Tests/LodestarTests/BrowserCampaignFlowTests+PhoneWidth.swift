import Foundation
import Postgres
import Testing
@testable import Lodestar

/// The phone-width test of `BrowserCampaignFlowTests`: at 390 px the public form is usable
/// and the pages it feeds fit the screen.
extension BrowserCampaignFlowTests {
    /// At 390 px (a phone) the landing page fits and can be filled in and sent, and every
    /// main signed-in page has nothing wider than the screen outside the boxes made to
    /// scroll sideways (tables, with a shadow as the cue; the daily chart), no date broken
    /// across lines, and the funnel's numbers in view.
    @Test func atPhoneWidthThePagesFitTheScreen() throws {
        let site = try BrowserSignInTests.Site(settings: Self.settings)
        defer { site.stop() }
        let (organization, email) = try site.member(password: Self.password)
        let (campaignURL, landingPath) = try Self.activeCampaign(organization: organization, pool: site.pool)
        try Self.withBrowser { browser in
            try browser.setWindowSize(width: 390, height: 844)
            try browser.navigate(to: site.baseURL + landingPath)
            #expect(try browser.execute("return window.innerWidth;") as? Int == 390)
            try Self.expectFits(browser, "landing page")
            let prospect = "margaret.hamilton." + TestDatabase.unique("") + "@software-engineering-division.example.com"
            try browser.element("#field-name").sendKeys("Margaret Hamilton")
            try browser.element("#field-email").sendKeys(prospect)
            try browser.element("#field-interest").choose(Self.longOption)
            try browser.element("#field-topics-2").click()
            try browser.element("#field-consent").click()
            try browser.element(".landing__submit").click()
            #expect(eventually({ try browser.element("h1").text }) { $0 == "Thank you" } == "Thank you")
            try Self.expectFits(browser, "thank-you page")

            try Self.signIn(browser, site: site, email: email)
            let pages = [
                "/app", "/app/leads", "/app/campaigns", campaignURL, campaignURL + "/form", campaignURL + "/history",
                campaignURL + "/status?status=cancelled", "/app/campaigns/new", "/app/settings/members", "/app/settings/audit",
                "/app/settings/organization",
            ]
            for path in pages {
                try browser.navigate(to: site.baseURL + path)
                try Self.expectFits(browser, path)
                try Self.expectDatesOnOneLine(browser, path)
            }
            // The home page's top campaigns, the campaigns, leads and members scroll inside
            // their box, which shows a shadow where more columns hide.
            for path in ["/app", "/app/campaigns", "/app/leads", "/app/settings/members"] {
                try browser.navigate(to: site.baseURL + path)
                let style = try browser.execute(
                    "var s = getComputedStyle(document.querySelector('.table-wrap')); return s.overflowX + ' | ' + s.backgroundAttachment;"
                ) as? String
                #expect(style?.hasPrefix("auto | local, local, scroll, scroll") == true, "\(path): \(style ?? "no table")")
            }
            // The audit log's times are dates that keep to one line.
            for path in ["/app/settings/audit"] {
                try browser.navigate(to: site.baseURL + path)
                let whens = try browser.execute(
                    """
                    return Array.from(document.querySelectorAll('.table tbody td:first-child')).map(function (cell) {
                      var time = cell.querySelector('time');
                      return time !== null && time.getClientRects().length === 1;
                    });
                    """) as? [Bool] ?? []
                #expect(!whens.isEmpty && whens.allSatisfy { $0 }, "\(path): \(whens)")
            }
            // Every number of the funnel is on the screen.
            try browser.navigate(to: site.baseURL + campaignURL)
            let funnel = try browser.execute(
                """
                return Array.from(document.querySelectorAll('.funnel__value')).map(function (text) {
                  var box = text.getBoundingClientRect();
                  return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
                });
                """) as? [Bool]
            #expect(funnel == [true, true, true, true])
            try browser.navigate(to: site.baseURL + "/app/leads")
            try browser.element(".leads-table a[href^='/app/leads/']").click()
            _ = try browser.waitForURL { $0.range(of: #"/app/leads/\d+$"#, options: .regularExpression) != nil }
            #expect(try browser.element(".lead-answers").text.contains(Self.longOption))
            try Self.expectFits(browser, "lead page")
        }
    }

    static let longOption = "Independent bookshops, libraries and reading groups in the northern regions"

    /// An active campaign with a long name and a published form of several kinds of field,
    /// made in the database (the first test makes one through the pages); its page URL
    /// and landing path.
    static func activeCampaign(organization: String, pool: ConnectionPool) throws -> (String, String) {
        let organizationID = try pool.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
        let slug = TestDatabase.unique("phone-")
        let name = "Spring webinar for independent bookshops across the northern regions " + slug
        let campaignID = try pool.query(
            """
            INSERT INTO campaigns (organization_id, name, description, status, slug, starts_on)
            VALUES (\(organizationID), \(name), 'A webinar.', 'active', \(slug), CURRENT_DATE) RETURNING id
            """).single(Int64.self)
        var definition = FormDefinition.starter(title: name)
        definition.introduction = "Tell us about your shop and we will send the recording of the session afterwards."
        definition.fields += [
            FormField(key: "interest", type: .select, label: "Which describes you best?", required: true, options: [longOption, "Other"]),
            FormField(key: "topics", type: .checkbox, label: "Topics", options: ["Events", "Ordering", "Newsletters"]),
            FormField(key: "consent", type: .consent, label: "I agree that Lodestar keeps my answers to send me the recording", required: true),
        ]
        try pool.query(
            """
            INSERT INTO form_versions (organization_id, campaign_id, version, definition)
            VALUES (\(organizationID), \(campaignID), 1, \(try JSONDocument(encoding: definition)))
            """)
        return ("/app/campaigns/\(campaignID)", "/f/" + slug)
    }

    /// No date or time on the page breaks across lines.
    static func expectDatesOnOneLine(_ browser: WebDriverSession, _ page: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let broken = try browser.execute(
            "return Array.from(document.querySelectorAll('time')).filter(function (t) { return t.getClientRects().length > 1; }).map(function (t) { return t.textContent; });"
        ) as? [String] ?? ["the script answered nothing"]
        #expect(broken.isEmpty, "\(page) breaks dates: \(broken)", sourceLocation: sourceLocation)
    }

    static func expectFits(_ browser: WebDriverSession, _ page: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let wide = try overflow(browser)
        #expect(wide.isEmpty, "\(page) is wider than the window: \(wide)", sourceLocation: sourceLocation)
    }

    /// Describes what is wider than the window: the page itself when it scrolls sideways,
    /// and each visible element reaching past either edge that is not inside a box that
    /// scrolls sideways on purpose (overflow-x auto or scroll), with every `<details>`
    /// opened first. Empty when all fits.
    static func overflow(_ browser: WebDriverSession) throws -> [String] {
        let script = """
            // A person opens the disclosures (tables of numbers) too.
            document.querySelectorAll('details').forEach(function (details) { details.open = true; });
            var width = window.innerWidth, found = [];
            if (document.documentElement.scrollWidth > width) found.push('page scrolls: ' + document.documentElement.scrollWidth + ' > ' + width);
            function insideScroller(element) {
              for (var parent = element.parentElement; parent; parent = parent.parentElement) {
                var overflow = getComputedStyle(parent).overflowX;
                if (overflow === 'auto' || overflow === 'scroll') return true;
              }
              return false;
            }
            document.querySelectorAll('body *').forEach(function (element) {
              var box = element.getBoundingClientRect();
              if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === 'hidden') return;
              if (element.closest('.visually-hidden, .landing__trap')) return;
              if ((box.right <= width + 0.5 && box.left >= -0.5) || insideScroller(element)) return;
              var name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
                + (typeof element.className === 'string' && element.className.trim() ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
              found.push(name + ' spans ' + Math.round(box.left) + '..' + Math.round(box.right));
            });
            return found.slice(0, 12);
            """
        return try browser.execute(script) as? [String] ?? ["the script answered nothing"]
    }
}
