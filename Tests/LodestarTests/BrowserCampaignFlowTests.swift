import Foundation
import Postgres
import Testing
@testable import Lodestar

/// Issue 6 end to end in headless Chromium, against the real server on a socket and the
/// test database, done as a person does it (links, buttons, typing; no direct posts): a
/// marketer creates a campaign, builds and publishes its form, activates it; a prospect
/// gets the landing page wrong, then right; the marketer works the lead, reads the
/// dashboard and pauses the campaign. A second test checks the pages at phone width.
/// Needs DATABASE_URL, chromium and chromedriver, which `make test` provides.
@Suite(.serialized) struct BrowserCampaignFlowTests {
    static let password = "correct horse battery staple 12"
    /// Views are buffered in memory; a short flush interval lets the dashboard show them soon.
    static let settings = ["FORM_VIEW_FLUSH_MS": "20"]

    /// What the marketer's steps learn along the way.
    struct Campaign {
        var name: String
        var url: String
        var landingPath: String
    }

    @Test func aMarketerRunsACampaignFromCreationToItsFirstLead() throws {
        let site = try BrowserSignInTests.Site(settings: Self.settings)
        defer { site.stop() }
        let (_, email) = try site.member(password: Self.password)
        try Self.withBrowser { browser in
            try Self.signIn(browser, site: site, email: email)
            let campaign = try createCampaign(browser, site: site)
            try buildAndPublishForm(browser, campaign)
            try activate(browser, campaign)
            let prospect = try submitLandingPage(browser, site: site, campaign)
            try workLead(browser, email: prospect, campaign)
            try readDashboard(browser, campaign)
            try pause(browser, site: site, campaign)
        }
    }

    // MARK: Steps of the flow

    /// Campaigns in the nav, "New campaign", the form filled in (starting today, slug left
    /// blank), saved: a draft with its /f/ address, whose page opens with the setup
    /// checklist; Go live waits for the published form.
    private func createCampaign(_ browser: WebDriverSession, site: BrowserSignInTests.Site) throws -> Campaign {
        try browser.element(".site-nav a[href='/app/campaigns']").click()
        _ = try browser.waitForURL { $0.hasSuffix("/app/campaigns") }
        try browser.element("a[href='/app/campaigns/new']").click()
        _ = try browser.waitForURL { $0.hasSuffix("/app/campaigns/new") }

        let name = TestDatabase.unique("Autumn webinar ")
        try browser.element("#campaign-name").sendKeys(name)
        try browser.element("#campaign-description").sendKeys("Invite bookshop owners to the webinar.\nSecond line.")
        try browser.element("#campaign-budget").sendKeys("2500.50")
        let today = CampaignSchedule.today()
        let end = CalendarDate(daysSince1970: today.daysSince1970 + 60)
        try Self.typeDate(browser.element("#campaign-starts-on"), month: today.month, day: today.day, year: today.year)
        try Self.typeDate(browser.element("#campaign-ends-on"), month: end.month, day: end.day, year: end.year)
        try browser.element("#campaign-sender-name").sendKeys("Ada at Lodestar")
        try browser.element("#campaign-sender-email").sendKeys("ada@example.com")
        #expect(try browser.element("#campaign-slug").value == "")
        try browser.element("form.form button[type=submit]").click()

        let url = try browser.waitForURL { $0.range(of: #"/app/campaigns/\d+$"#, options: .regularExpression) != nil }
        #expect(try browser.element("h1").text == name + " Draft")
        let details = try browser.element(".details").text
        #expect(details.contains("\(today) – \(end)"))
        #expect(details.contains("2,500.50"))
        #expect(details.contains("Ada at Lodestar"))
        #expect(details.contains("ada@example.com"))
        let landingPath = try browser.element(".details a[href^='/f/']").text
        #expect(landingPath == "/f/" + CampaignSlug.make(from: name))

        // The status panel comes before the details, with the checklist and no charts.
        #expect(try browser.element("#status-title").text == "Next steps")
        #expect(try browser.execute(
            "return document.querySelector('#status-title').compareDocumentPosition(document.querySelector('#details-title')) & Node.DOCUMENT_POSITION_FOLLOWING;"
        ) as? Int == 4)
        #expect(try browser.elements(".dashboard").isEmpty)
        #expect(try browser.elements(".checklist__step").count == 4)
        #expect(try Self.doneSteps(browser) == ["Details and dates"])
        #expect(try browser.elements("button").allSatisfy { try $0.text != "Go live" })
        #expect(try browser.element(".status-panel").text.contains("Go live is offered here once the steps above are done."))
        return Campaign(name: name, url: url, landingPath: landingPath)
    }

    /// The form builder from the checklist's link: a required drop-down with options and a
    /// required consent added, saved, published as version 1 (the message says the landing
    /// page is not open yet); the history shows it.
    private func buildAndPublishForm(_ browser: WebDriverSession, _ campaign: Campaign) throws {
        try browser.navigate(to: campaign.url)
        try browser.element(".checklist a[href$='/form']").click()
        _ = try browser.waitForURL { $0.hasSuffix("/form") }

        try browser.element("#new-type").choose("Drop-down")
        try browser.element("#new-label").sendKeys("Company size")
        try browser.element("[data-add-field]").click()
        let options = try browser.element("#builder-field-company_size #f2-options")
        try options.clear()
        try options.sendKeys("1-10\n11-50\n51 or more")
        try browser.element("#f2-required").click()

        try browser.element("#new-type").choose("Consent")
        try browser.element("#new-label").sendKeys("I agree to be contacted")
        try browser.element("[data-add-field]").click()
        try browser.element("#builder-field-i_agree_to_be_contacted #f3-required").click()
        #expect(try browser.element("#f2-required").isChecked, "the drop-down's required box survived adding a field")
        let thankYou = try browser.element("#form-thank-you")
        try thankYou.clear()
        try thankYou.sendKeys("Thanks! We will send the webinar link.")
        try browser.element("button[value=save]").click()
        #expect(eventually({ try browser.element(".flash").text }) { $0.contains("Draft saved") }.contains("Draft saved"))

        try Self.button(browser, "Publish").click()
        let published = eventually({ try browser.element(".flash--success").text }) { $0.contains("Version 1") }
        #expect(published.contains(
            "Version 1 of the form is published. The landing page is not open yet: the campaign is a draft. It opens when you go live"))
        #expect(try browser.element("#publish-status").text.contains("Published: version 1"))

        try browser.element(".builder__crumb a").click()
        _ = try browser.waitForURL { $0 == campaign.url }
        #expect(try browser.element(".details").text.contains("Published (version 1)"))
        let history = try browser.element("#history-title + .table-wrap").text
        #expect(history.contains("version 1"))
    }

    /// Go live, the checklist's one action: the campaign starts today, so it is scheduled
    /// and activated at once, and the message says its landing page is open.
    private func activate(_ browser: WebDriverSession, _ campaign: Campaign) throws {
        #expect(try Self.doneSteps(browser) == ["Details and dates", "Form published"])
        #expect(try browser.element("#go-live-explanation").text.contains("Activates the campaign now"))
        try Self.button(browser, "Go live").click()
        #expect(eventually({ try browser.element("h1 .badge").text }) { $0 == "Active" } == "Active")
        #expect(try browser.element(".flash--success").text == "\(campaign.name) is live: its landing page is open at \(campaign.landingPath).")
        #expect(try browser.elements(".checklist").isEmpty)
        #expect(try browser.elements(".dashboard").count == 1)
        let history = try browser.element("#history-title + .table-wrap").text
        #expect(history.contains("Draft → Scheduled"))
        #expect(history.contains("Scheduled → Active"))
    }

    /// The public page: a refused answer (422) keeps what was typed and ties each error to
    /// its field, the summary links move the focus; the corrected answer is thanked.
    /// Returns the prospect's email.
    private func submitLandingPage(_ browser: WebDriverSession, site: BrowserSignInTests.Site, _ campaign: Campaign) throws -> String {
        try browser.navigate(to: site.baseURL + campaign.landingPath)
        #expect(try browser.responseStatus == 200)
        #expect(try browser.element("h1").text == campaign.name)
        #expect(try browser.elements("#field-company_size option").map { try $0.text } == ["Choose…", "1-10", "11-50", "51 or more"])
        try browser.element("#field-name").sendKeys("Grace <b>Hopper</b>")
        try browser.element("#field-email").sendKeys("grace-at-example.com")
        try browser.element("#field-company_size").choose("11-50")
        let consent = "#field-i_agree_to_be_contacted"
        try browser.element(".landing__submit").click()

        #expect(eventually({ try browser.element(".landing__errors h2").text }) { !$0.isEmpty } == "There are problems with 2 answers")
        #expect(try browser.responseStatus == 422)
        #expect(try browser.element("#field-name").value == "Grace <b>Hopper</b>")
        #expect(try browser.element("#field-email").value == "grace-at-example.com")
        #expect(try browser.element("#field-company_size").value == "11-50")
        #expect(try browser.element(consent).isChecked == false)
        for (control, expected) in [("#field-email", "Enter an email address"), (consent, "Tick this box")] {
            let input = try browser.element(control)
            #expect(try input.attribute("aria-invalid") == "true")
            let described = try #require(try input.attribute("aria-describedby"))
            let errorID = try #require(described.split(separator: " ").first { $0.hasSuffix("-error") })
            let error = try browser.element("#" + errorID)
            #expect(try error.text.contains(expected), "the error beside \(control) names the problem")
            // The error sits inside the field's own box, beside its control.
            #expect(try browser.execute(
                "return arguments[0].closest('.field') === arguments[1].closest('.field');", [error.reference, input.reference]
            ) as? Bool == true)
        }
        #expect(try browser.element("#field-name").attribute("aria-invalid") == nil)

        // Keyboard: Enter on each summary link takes the focus to its field.
        let links = try browser.elements(".landing__errors a")
        #expect(try links.map { try $0.attribute("href") } == ["#field-email", consent])
        for link in links {
            let target = try #require(try link.attribute("href")).dropFirst()
            try link.sendKeys(WebDriverSession.Key.enter)
            #expect(try browser.focusedElementID == target)
        }

        let prospect = TestDatabase.unique("grace") + "@example.com"
        let email = try browser.element("#field-email")
        try email.clear()
        try email.sendKeys(prospect)
        try browser.element(consent).click()
        // An impatient double click (30 ms apart: Chromium sends both posts; with the
        // duplicate window off this test sees two leads) still makes one lead: the inbox
        // search and the dashboard's submission count below show one.
        try browser.doubleClick(browser.element(".landing__submit"))
        #expect(eventually({ try browser.element("h1").text }) { $0 == "Thank you" } == "Thank you")
        #expect(try browser.responseStatus == 200)
        #expect(try browser.pageText.contains("Thanks! We will send the webinar link."))
        return prospect
    }

    /// Leads in the nav: the lead is there, a search by its email finds it, its page shows
    /// the answers by label; marked contacted and a note added, the timeline shows both.
    private func workLead(_ browser: WebDriverSession, email: String, _ campaign: Campaign) throws {
        try browser.navigate(to: campaign.url)
        try browser.element(".site-nav a[href='/app/leads']").click()
        _ = try browser.waitForURL { $0.hasSuffix("/app/leads") }
        #expect(try browser.element(".leads-table").text.contains(email))

        try browser.element("#lead-q").sendKeys(email)
        try browser.element(".leads-filter .form__actions button[type=submit]").click()
        _ = try browser.waitForURL { $0.contains("q=") }
        let rows = try browser.elements(".leads-table tbody tr")
        #expect(rows.count == 1)
        try rows.first?.element("a[href^='/app/leads/']").click()
        // The lead's address keeps the inbox it came from (the search), for "All leads".
        _ = try browser.waitForURL { $0.range(of: #"/app/leads/\d+\?q="#, options: .regularExpression) != nil }
        #expect(try browser.element(".lead-nav__all").attribute("href")?.hasPrefix("/app/leads?q=") == true)

        let answers = try Self.pairs(browser, ".lead-answers")
        #expect(answers["Your name"] == "Grace <b>Hopper</b>")
        #expect(answers["Email address"] == email)
        #expect(answers["Company size"] == "11-50")
        #expect(answers["I agree to be contacted"] == "yes")
        #expect(try browser.element(".lead-facts").text.contains(campaign.name))

        try browser.element("#lead-status-target").choose("Contacted")
        try Self.button(browser, "Change status").click()
        #expect(eventually({ try browser.element("h1 .badge").text }) { $0 == "Contacted" } == "Contacted")
        try browser.element("#note-body").sendKeys("Called: wants the <i>recording</i> too.")
        try Self.button(browser, "Add note").click()
        let timeline = eventually({ try browser.element(".lead-timeline").text }) { $0.contains("recording") }
        #expect(timeline.contains("Status changed from new to contacted"))
        #expect(timeline.contains("Called: wants the <i>recording</i> too."))
        #expect(timeline.contains("Submitted the landing page form"))
        #expect(try browser.element(".lead-notes").text.contains("Called: wants the <i>recording</i> too."))
    }

    /// The campaign page's dashboard counts the submission, the views and the conversion.
    private func readDashboard(_ browser: WebDriverSession, _ campaign: Campaign) throws {
        try browser.element(".lead-facts a[href^='/app/campaigns/']").click()
        _ = try browser.waitForURL { $0 == campaign.url }
        var cards = try Self.pairs(browser, ".cards", term: ".card__label", detail: ".card__value")
        let deadline = ContinuousClock.now + .seconds(10)
        while Int(cards["Views"] ?? "") ?? 0 < 1, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            try browser.navigate(to: campaign.url)
            cards = try Self.pairs(browser, ".cards", term: ".card__label", detail: ".card__value")
        }
        #expect(cards["Submissions"] == "1")
        #expect(cards["Leads (all time)"] == "1")
        let views = try #require(Int(cards["Views"] ?? ""), "views: \(cards)")
        #expect(views >= 1)
        #expect(cards["Conversion rate"] == AnalyticsFormat.percent(1, of: Int64(views)))
        #expect(try Self.pairs(browser, ".details")["Leads"] == "1")
    }

    /// Pause: the landing page then shows the paused page with 503.
    private func pause(_ browser: WebDriverSession, site: BrowserSignInTests.Site, _ campaign: Campaign) throws {
        try Self.button(browser, "Pause").click()
        #expect(eventually({ try browser.element("h1 .badge").text }) { $0 == "Paused" } == "Paused")
        #expect(try browser.element("#history-title + .table-wrap").text.contains("Active → Paused"))
        try browser.navigate(to: site.baseURL + campaign.landingPath)
        #expect(try browser.element("h1").text == "This form is paused")
        #expect(try browser.pageText.contains("paused for the moment. Please come back later."))
        #expect(try browser.responseStatus == 503)
        #expect(try browser.execute("return document.forms.length;") as? Int == 0)
    }
}

// MARK: Helpers shared by the tests of this suite

extension BrowserCampaignFlowTests {
    /// Runs `body` with a browser session, ending browser and driver afterwards.
    static func withBrowser(_ body: (WebDriverSession) throws -> Void) throws {
        let driver = try ChromeDriver.start()
        defer { driver.stop() }
        let browser = try driver.newSession()
        defer { browser.delete() }
        try body(browser)
    }

    static func signIn(_ browser: WebDriverSession, site: BrowserSignInTests.Site, email: String) throws {
        try browser.navigate(to: site.baseURL + "/login")
        try browser.element("input[name=email]").sendKeys(email)
        try browser.element("input[name=password]").sendKeys(password)
        try browser.element("form[action='/login'] button[type=submit]").click()
        _ = try browser.waitForURL { $0.hasSuffix("/app") }
    }

    /// Types a date into an `<input type=date>` as a person does in an English browser
    /// (month, day, year), then checks the control understood it.
    static func typeDate(_ input: WebDriverSession.Element, month: Int, day: Int, year: Int) throws {
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
        try input.sendKeys(two(month) + two(day) + String(year))
        let expected = "\(year)-\(two(month))-\(two(day))"
        let typed = try input.value
        guard typed == expected else {
            throw WebDriverSession.Failure(description: "the date box holds \(typed), not \(expected)")
        }
    }

    /// The button whose visible text is `label` (waiting for it like any element).
    static func button(_ browser: WebDriverSession, _ label: String) throws -> WebDriverSession.Element {
        let value = try browser.command("POST", "/element", ["using": "xpath", "value": "//button[normalize-space(.)='\(label)']"])
        guard let object = value as? [String: Any], let id = object[WebDriverSession.elementKey] as? String else {
            throw WebDriverSession.Failure(description: "no button \(label)")
        }
        return WebDriverSession.Element(session: browser, id: id)
    }

    /// The titles of the checklist's steps that are done (without the hidden ": done").
    static func doneSteps(_ browser: WebDriverSession) throws -> [String] {
        try browser.elements(".checklist__step--done .checklist__title").map { try String($0.text.prefix { $0 != "\n" && $0 != ":" }) }
    }

    static func buttonLabels(_ browser: WebDriverSession, in selector: String) throws -> [String] {
        try browser.elements("\(selector) button").map { try $0.text }
    }

    /// A description list (or cards) as label -> value.
    static func pairs(
        _ browser: WebDriverSession, _ selector: String, term: String = "dt", detail: String = "dd"
    ) throws -> [String: String] {
        let terms = try browser.elements("\(selector) \(term)").map { try $0.text }
        let details = try browser.elements("\(selector) \(detail)").map { try $0.text }
        return Dictionary(zip(terms, details), uniquingKeysWith: { first, _ in first })
    }
}
