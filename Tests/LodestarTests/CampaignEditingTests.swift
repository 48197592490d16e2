import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// Creating and editing campaigns in the browser: what is stored, what the campaign page
/// shows, refused forms (422 with every value kept), slugs, history and audit rows.
@Suite struct CampaignEditingTests {
    @Test func createdCampaignIsStoredExactlyAndShownWithItsHistory() throws {
        let world = try CampaignWorld()
        let slug = TestDatabase.unique("spring-")
        let id = try world.create(name: "  Spring webinar  ", [
            ("description", "Two sessions.\nBring questions."), ("budget", "2500.5"), ("starts_on", "2026-03-01"),
            ("ends_on", "2026-03-31"), ("sender_name", "Acme Marketing"), ("sender_email", "News@Example.com"), ("slug", slug),
        ])
        let campaign = try #require(try world.campaign(id))
        #expect(campaign.name == "Spring webinar")
        #expect(campaign.status == .draft)
        #expect(campaign.budget?.description == "2500.50")
        #expect(campaign.startsOn == CalendarDate(year: 2026, month: 3, day: 1))
        #expect(campaign.endsOn == CalendarDate(year: 2026, month: 3, day: 31))
        #expect(campaign.senderEmail == "news@example.com")
        #expect(campaign.slug == slug)
        #expect(try world.history(id) == ["created: ∅ -> Spring webinar"])
        #expect(try world.auditCount("campaign.created", campaignID: id) == 1)

        let page = world.admin.get("/app/campaigns/\(id)")
        #expect(page.status == .ok)
        #expect(page.text.contains("was created"))  // the flash
        #expect(page.text.contains("2,500.50"))
        #expect(page.text.contains("2026-03-01"))
        #expect(page.text.contains("Acme Marketing &lt;news@example.com&gt;"))
        #expect(page.text.contains("href=\"/f/\(slug)\""))
        #expect(page.text.contains("href=\"/app/campaigns/\(id)/form\""))
        #expect(page.text.contains("href=\"/app/campaigns/\(id)/edit\""))
        #expect(page.text.contains("Not published yet"))
        #expect(page.text.contains("<td>Created</td>"))
        // A draft goes live from its checklist (not with "Schedule"); its end date has passed.
        #expect(page.text.contains("The end date 2026-03-31 has passed"))
        #expect(!page.text.contains("value=\"scheduled\""))
        #expect(!page.text.contains("value=\"active\""))

        try world.publishForm(id)
        try world.publishForm(id)
        #expect(world.admin.get("/app/campaigns/\(id)").text.contains("Published (version 2)"))
    }

    @Test func refusedFormKeepsEveryValueAndPutsEachErrorBesideItsField() throws {
        let world = try CampaignWorld()
        world.admin.get("/app/campaigns/new")
        let response = world.admin.post("/app/campaigns", [
            ("name", "   "), ("description", "kept description"), ("budget", "-5"), ("starts_on", "2026-04-10"),
            ("ends_on", "2026-04-01"), ("sender_name", "Kept Sender"), ("sender_email", "not-an-email"), ("slug", "Bad Slug!"),
        ])
        #expect(response.status == .unprocessableContent)
        let text = response.text
        #expect(text.contains("Give the campaign a name."))
        #expect(text.contains("The budget cannot be negative."))
        #expect(text.contains("The end date cannot be before the start date"))
        #expect(text.contains("Enter an email address such as"))
        #expect(text.contains("Use lowercase letters, digits and single hyphens"))
        #expect(text.contains("5 fields need your attention"))
        // Each error is tied to its field.
        #expect(text.contains(#"id="campaign-budget" name="budget" aria-invalid="true""#))
        #expect(text.contains(#"<p class="field__error" id="campaign-budget-error">"#))
        #expect(text.contains(#"<p class="field__error" id="campaign-slug-error">"#))
        // Every typed value is back in the form.
        for value in ["kept description", #"value="-5""#, #"value="2026-04-10""#, #"value="2026-04-01""#, #"value="Kept Sender""#,
                      #"value="not-an-email""#, #"value="Bad Slug!""#] {
            #expect(text.contains(value), "missing \(value)")
        }
        #expect(try world.accounts.count("SELECT count(*) FROM campaigns WHERE organization_id = \(world.organizationID)") == 0)
    }

    @Test(arguments: [
        ("12.345", "at most two decimals"), ("1e3", "Write the budget as a number"), ("1,500", "Write the budget as a number"),
        ("$20", "Write the budget as a number"), ("1000000000000", "less than 1,000,000,000,000"), ("NaN", "Write the budget as a number"),
        ("12345678901234567890", "less than 1,000,000,000,000"), ("12345678901234567890.5", "less than 1,000,000,000,000"),
        ("1.2345678901234567890", "at most two decimals"),
    ])
    func badBudgetsAreRefused(budget: String, message: String) throws {
        var input = CampaignInput()
        input.name = "Budget check"
        input.budget = budget
        guard case .failure(let errors) = input.validate() else {
            Issue.record("\(budget) was accepted")
            return
        }
        #expect(errors[.budget]?.contains(message) == true, "\(budget): \(errors[.budget] ?? "no error")")
    }

    /// The name and the sender are one line: a line break in the sender would become a
    /// header injection once the sender is used in mail (`Acme\r\nBcc: …`).
    @Test func lineBreaksAreRefusedInOneLineFields() {
        var input = CampaignInput()
        input.name = "Spring\nwebinar"
        input.senderName = "Acme\r\nBcc: everyone@example.com"
        input.description = "Two lines\nare fine here."
        guard case .failure(let errors) = input.validate() else {
            Issue.record("line breaks were accepted")
            return
        }
        #expect(errors[.name]?.contains("one line") == true)
        #expect(errors[.senderName]?.contains("one line") == true)
        #expect(errors[.description] == nil)
    }

    @Test func budgetsStayExactDecimals() throws {
        var input = CampaignInput()
        input.name = "Exact"
        for (typed, stored) in [("0", "0.00"), ("0.1", "0.10"), ("999999999999.99", "999999999999.99"), (" 42.00 ", "42.00")] {
            input.budget = typed
            let fields = try input.validate().get()
            #expect(fields.budget?.description == stored)
        }
        input.budget = ""
        #expect(try input.validate().get().budget == nil)
    }

    @Test func slugsAreMadeFromTheNameAndATakenSlugIsRefusedBesideItsField() throws {
        let accounts = try AccountsWorld()
        let first = try CampaignWorld(accounts: accounts)
        let other = try CampaignWorld(accounts: accounts)
        let name = "Été " + TestDatabase.unique("Launch ") + "!!"
        let base = CampaignSlug.make(from: name)
        #expect(base.hasPrefix("ete-launch-"))
        let a = try first.create(name: name)
        #expect(try first.campaign(a)?.slug == base)
        // The same name in another organization gets the next free slug (slugs are global).
        let b = try other.create(name: name)
        #expect(try other.campaign(b)?.slug == base + "-2")

        // Asking for a slug another organization holds: the unique index refuses it -> 422.
        other.admin.get("/app/campaigns/new")
        let refused = other.admin.post("/app/campaigns", [("name", "Mine now"), ("slug", base), ("sender_name", "Kept")])
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains(#"<p class="field__error" id="campaign-slug-error">The address /f/\#(base) belongs to another campaign"#))
        #expect(refused.text.contains(#"value="Mine now""#))
        #expect(refused.text.contains(#"value="Kept""#))
        #expect(try other.accounts.count("SELECT count(*) FROM campaigns WHERE organization_id = \(other.organizationID)") == 1)

        // The same on edit.
        other.admin.get("/app/campaigns/\(b)/edit")
        let edit = other.admin.post("/app/campaigns/\(b)", [("name", name), ("slug", base.uppercased())])
        #expect(edit.status == .unprocessableContent)
        #expect(edit.text.contains("belongs to another campaign"))
        #expect(try other.campaign(b)?.slug == base + "-2")
    }

    @Test func slugMaking() {
        #expect(CampaignSlug.make(from: "Spring Sale 2026") == "spring-sale-2026")
        #expect(CampaignSlug.make(from: "  --Crème brûlée!! -- ") == "creme-brulee")
        #expect(CampaignSlug.make(from: "日本語") == "campaign")
        let long = CampaignSlug.make(from: String(repeating: "word ", count: 40))
        #expect(long.utf8.count <= CampaignSlug.maximumLength - 8)
        #expect(CampaignSlug.isValid(long))
        #expect(!long.hasSuffix("-"))
        #expect(CampaignSlug.isValid("a-1"))
        #expect(!CampaignSlug.isValid("a--b"))
        #expect(!CampaignSlug.isValid("-a"))
        #expect(!CampaignSlug.isValid("A"))
        #expect(CampaignSlug.candidates(base: "x").allSatisfy(CampaignSlug.isValid))
    }

    @Test func editRecordsOneHistoryRowPerChangedField() throws {
        let world = try CampaignWorld()
        let slug = TestDatabase.unique("edit-")
        let id = try world.create(name: "Before", [("budget", "100"), ("starts_on", "2026-05-01"), ("slug", slug)])
        let form = world.admin.get("/app/campaigns/\(id)/edit")
        #expect(form.status == .ok)
        #expect(form.text.contains(#"value="Before""#))
        #expect(form.text.contains(#"value="100.00""#))
        let saved = world.admin.post("/app/campaigns/\(id)", [
            ("name", "After"), ("budget", "100.0"), ("starts_on", "2026-05-01"), ("ends_on", "2026-06-30"),
            ("sender_name", "Ann"), ("sender_email", "ann@example.com"), ("slug", slug), ("description", ""),
        ])
        #expect(saved.status == .seeOther)
        #expect(try world.history(id) == [
            "created: ∅ -> Before", "name: Before -> After", "ends_on: ∅ -> 2026-06-30", "sender: ∅ -> Ann <ann@example.com>",
        ])
        #expect(try world.auditCount("campaign.updated", campaignID: id) == 1)
        let page = world.admin.get("/app/campaigns/\(id)")
        #expect(page.text.contains("Saved: name, end date, sender."))
        #expect(page.text.contains(#"<span class="history-change__old">Before</span> → <span class="history-change__new">After</span>"#))
        #expect(page.text.contains("<td>End date</td>"))

        // Saving the same values again records nothing, and the last change keeps its time.
        let changedAt = try #require(try world.campaign(id)).updatedAt
        world.admin.get("/app/campaigns/\(id)/edit")
        world.admin.post("/app/campaigns/\(id)", [
            ("name", "After"), ("budget", "100"), ("starts_on", "2026-05-01"), ("ends_on", "2026-06-30"),
            ("sender_name", "Ann"), ("sender_email", "ANN@example.com"), ("slug", slug),
        ])
        #expect(try world.history(id).count == 4)
        #expect(world.admin.get("/app/campaigns/\(id)").text.contains("Nothing was changed."))
        #expect(try #require(try world.campaign(id)).updatedAt == changedAt)

        // A refused edit keeps the typed values and changes nothing.
        world.admin.get("/app/campaigns/\(id)/edit")
        let refused = world.admin.post("/app/campaigns/\(id)", [("name", "Renamed"), ("starts_on", "2026-13-01"), ("slug", slug)])
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains(#"value="2026-13-01""#))
        #expect(refused.text.contains(#"value="Renamed""#))
        #expect(try world.campaign(id)?.name == "After")
    }

    @Test func completedAndCancelledCampaignsCannotBeEdited() throws {
        let world = try CampaignWorld()
        for status in [CampaignStatus.completed, .cancelled] {
            let id = try world.insert(name: "Ended \(status.rawValue)", status: status)
            let form = world.admin.get("/app/campaigns/\(id)/edit")
            #expect(form.status == .conflict)
            #expect(form.text.contains("can no longer be edited"))
            let post = world.admin.post("/app/campaigns/\(id)", [("name", "Changed")])
            #expect(post.status == .conflict)
            #expect(try world.campaign(id)?.name == "Ended \(status.rawValue)")
            let page = world.admin.get("/app/campaigns/\(id)")
            #expect(!page.text.contains("/edit\""))
            #expect(!page.text.contains("name=\"status\""))
        }
    }

    @Test func scriptTextInANameIsShownEscaped() throws {
        let world = try CampaignWorld()
        let name = #"<script>alert("x")</script> & <b>bold</b>"#
        let id = try world.create(name: name, [("description", "<img src=x onerror=alert(1)>")])
        for target in ["/app/campaigns", "/app/campaigns/\(id)", "/app/campaigns/\(id)/edit", "/app/campaigns/\(id)/history"] {
            let text = world.admin.get(target).text
            #expect(!text.contains("<script>alert"), "\(target)")
            #expect(!text.contains("<b>bold"), "\(target)")
            #expect(!text.contains("<img src=x"), "\(target)")
            #expect(text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"), "\(target)")
        }
    }
}
