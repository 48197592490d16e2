import Foundation
import Postgres
import Testing
@testable import Lodestar

/// The form builder's script in headless Chromium against the real server (CSP and all):
/// the live preview follows typing, the type choice shows the boxes that apply, and a
/// drag-and-drop reorder is what "Save draft" stores. Needs what `make test` provides.
@Suite(.serialized) struct BrowserFormBuilderTests {
    static let password = "correct horse battery staple 12"

    /// Signs a new admin in and opens the builder of a new campaign; returns the draft reader.
    private func withBuilder(_ body: (WebDriverSession, _ draft: () throws -> FormDefinition?) throws -> Void) throws {
        let site = try BrowserSignInTests.Site()
        defer { site.stop() }
        let (organization, email) = try site.member(password: Self.password)
        let organizationID = try site.pool.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
        let campaignID = try FormBuilderWorld.campaign(in: organizationID, name: "Browser campaign", pool: site.pool)
        let driver = try ChromeDriver.start()
        defer { driver.stop() }
        let browser = try driver.newSession()
        defer { browser.delete() }
        try browser.navigate(to: site.baseURL + "/login")
        try browser.element("input[name=email]").sendKeys(email)
        try browser.element("input[name=password]").sendKeys(Self.password)
        try browser.element("form[action='/login'] button[type=submit]").click()
        _ = try browser.waitForURL { $0.hasSuffix("/app") }
        try browser.navigate(to: site.baseURL + "/app/campaigns/\(campaignID)/form")
        try body(browser) {
            try site.pool.query(
                "SELECT draft FROM forms WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)"
            ).first?.decode(JSONDocument.self, at: 0).decode(FormDefinition.self)
        }
    }

    @Test func thePreviewFollowsTypingAndTheTypeChoiceShowsItsBoxes() throws {
        try withBuilder { browser, draft in
            try browser.element("#form-title").sendKeys(" — now with <b>typing</b>")
            let heading = eventually({ try browser.element("#form-preview h1").text }) { $0.contains("typing") }
            #expect(heading == "Browser campaign — now with <b>typing</b>")
            #expect(try browser.element("[data-dirty-note]").text == "Unsaved changes")

            // Fields start collapsed; opening one shows its boxes.
            try browser.element("#builder-field-name summary").click()
            // Text field 0 shows its bounds and no options; as a drop-down, options and no bounds.
            #expect(try browser.count("#builder-field-name [data-types]:not([hidden]) #f0-options") == 0)
            #expect(try browser.count("#builder-field-name [data-types]:not([hidden]) #f0-maximum") == 1)
            _ = try browser.command("POST", "/execute/sync", [
                "script": "var s = document.getElementById('f0-type'); s.value = 'select'; s.dispatchEvent(new Event('change', {bubbles: true}));",
                "args": [],
            ])
            #expect(try browser.count("#builder-field-name [data-types]:not([hidden]) #f0-options") == 1)
            #expect(try browser.count("#builder-field-name [data-types]:not([hidden]) #f0-maximum") == 0)
            try browser.element("#f0-options").sendKeys("Small\nLarge")
            let option = eventually({ try browser.element("#form-preview").text }) { $0.contains("Large") }
            #expect(option.contains("Small"))

            // Saving stores the select with its options; the hidden bound (200) was not sent.
            try browser.element("button[value=save]").click()
            _ = eventually({ try browser.element(".flash").text }) { $0.contains("Draft saved") }
            let stored = try #require(try draft())
            #expect(stored.fields[0].type == .select)
            #expect(stored.fields[0].options == ["Small", "Large"])
            #expect(stored.fields[0].maximum == nil)
        }
    }

    @Test func aDragAndDropReorderIsSavedWithTheDraft() throws {
        try withBuilder { browser, draft in
            // WebDriver cannot drive native drag and drop, so the test dispatches the events
            // the browser would: drag the email field above the name field.
            _ = try browser.command("POST", "/execute/sync", [
                "script": """
                var item = document.getElementById("builder-field-email"), target = document.getElementById("builder-field-name");
                var handle = item.querySelector('[data-drag-handle]');
                handle.dispatchEvent(new MouseEvent('mousedown', {bubbles: true}));
                var data = new DataTransfer();
                item.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
                var box = target.getBoundingClientRect();
                target.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data, clientY: box.top + 2}));
                target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));
                item.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: data}));
                """,
                "args": [],
            ])
            #expect(try browser.element("[data-field-item]").text.contains("Email address"))
            #expect(try browser.element("#builder-field-email [data-field-number]").text == "1")
            #expect(try browser.count("#builder-field-email [data-move=up]:disabled") == 1)
            try browser.element("button[value=save]").click()
            _ = eventually({ try browser.element(".flash").text }) { $0.contains("Draft saved") }
            #expect(try draft()?.fields.map(\.key) == ["email", "name"])
        }
    }

    /// Issue 17: after "Add field" the page lands on the new field, open, its summary
    /// focused (the browser focuses the fragment's target; no script needed), below the
    /// sticky toolbar, with the confirmation in view.
    @Test func afterAddingTheFocusLandsOnTheNewFieldBelowTheToolbar() throws {
        try withBuilder { browser, draft in
            try browser.setWindowSize(width: 1200, height: 700)
            // With a clipboard (127.0.0.1 is a secure context), the share box offers "Copy".
            #expect(try browser.count("[data-copy]:not([hidden])") == 1)
            try browser.element("#new-label").sendKeys("Company size")
            try browser.element("[data-add-field]").click()
            _ = try browser.waitForURL { $0.contains("done=added") }
            #expect(eventually({ try browser.focusedElementID }) { $0 == "builder-field-company_size" } == "builder-field-company_size")
            #expect(try browser.count("#builder-field-company_size details[open]") == 1)
            #expect(try browser.count("details[open]") == 1)
            let layout = try browser.execute("""
                var toolbar = document.querySelector('.builder__toolbar').getBoundingClientRect();
                var item = document.getElementById('builder-field-company_size').getBoundingClientRect();
                var done = document.querySelector('#builder-field-company_size .builder-field__done').getBoundingClientRect();
                return [toolbar.bottom, item.top, done.top, done.bottom, window.innerHeight];
                """) as? [Double] ?? []
            #expect(layout.count == 5)
            if layout.count == 5 {
                #expect(layout[1] >= layout[0], "the field starts below the toolbar: \(layout)")
                #expect(layout[2] >= layout[0] && layout[3] <= layout[4], "the confirmation is in view: \(layout)")
            }
            #expect(try draft()?.fields.map(\.key) == ["name", "email", "company_size"])
            // Opening another field closes this one.
            try browser.execute("document.querySelector('#builder-field-name summary').click();")
            #expect(try browser.count("details[open]") == 1)
            #expect(try browser.count("#builder-field-name details[open]") == 1)
        }
    }
}
