import Foundation
import HTTP
import Postgres
import Synchronization
import Testing
import Web
@testable import Lodestar

@Suite struct FormBuilderTests {
    @Test func theBuilderStartsFromTheStarterFormNamedAfterTheCampaign() throws {
        let world = try FormBuilderWorld(campaignName: "Autumn fair")
        #expect(try world.draft() == nil)
        let page = world.browser.get(world.path)
        #expect(page.status == .ok)
        #expect(page.text.contains(#"id="f0-label" name="f0.label""#))
        #expect(page.text.contains(#"value="Your name""#))
        #expect(page.text.contains(#"id="f1-key" name="f1.key""#))
        #expect(page.text.contains("Not published yet"))
        #expect(page.text.contains("form-builder.js"))
        #expect(try world.draft() == FormDefinition.starter(title: "Autumn fair"))
    }

    @Test func addingAFieldMakesAUniqueKeyFromItsLabelAndReturnsToIt() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let starter = try #require(try world.draft())
        let added = world.post(starter, action: "add", extra: [("new_type", "select"), ("new_label", "Company size (people)")])
        #expect(added.status == .seeOther)
        #expect(added.location == world.path + "?done=added&field=company_size_people#builder-field-company_size_people")
        var draft = try #require(try world.draft())
        #expect(draft.fields.map(\.key) == ["name", "email", "company_size_people"])
        #expect(draft.fields[2].type == .select)
        #expect(draft.fields[2].options == ["Option 1", "Option 2"])

        world.post(draft, action: "add", extra: [("new_type", "text"), ("new_label", "Company size (people)")])
        draft = try #require(try world.draft())
        #expect(draft.fields.map(\.key).last == "company_size_people_2")
        // The page the builder returns to opens the new field and confirms there.
        let returned = world.browser.get(try #require(added.location?.split(separator: "#").first.map(String.init)))
        let field = try #require(returned.text.range(of: #"id="builder-field-company_size_people""#))
        let tail = returned.text[field.upperBound...]
        #expect(tail.prefix(400).contains(#"<p class="builder-field__done" role="status">Field added. Set it up below, then save.</p>"#))
        #expect(tail.prefix(600).contains("<details class=\"builder-field__details\" data-field-details open>"))
        #expect(returned.text.components(separatedBy: " data-field-details open>").count == 2)
    }

    @Test func editingMovingAndRemovingFieldsKeepWhatWasTyped() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var definition = try #require(try world.draft())
        definition.fields.append(FormField(key: "budget", type: .number, label: "Budget", minimum: "0", maximum: "100000"))
        definition.fields[0].label = "Full name"
        definition.fields[0].required = true
        definition.fields[0].help = "As on your badge"
        definition.title = "Join us"
        definition.completion = .redirect("https://example.com/thanks")
        #expect(world.post(definition).status == .seeOther)
        #expect(try world.draft() == definition)

        // Move up the third field (typed changes ride along with the button).
        definition.fields[1].placeholder = "ann@example.com"
        let moved = world.post(definition, action: "up:2")
        #expect(moved.location == world.path + "?done=moved&field=budget#builder-field-budget")
        var draft = try #require(try world.draft())
        #expect(draft.fields.map(\.key) == ["name", "budget", "email"])
        #expect(draft.fields[2].placeholder == "ann@example.com")
        world.post(draft, action: "down:0")
        #expect(try world.draft()?.fields.map(\.key) == ["budget", "name", "email"])

        draft = try #require(try world.draft())
        #expect(world.post(draft, action: "remove:0").status == .seeOther)
        #expect(try world.draft()?.fields.map(\.key) == ["name", "email"])
    }

    @Test func dragAndDropOrderIsTheOrderTheMarkersArriveIn() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let starter = try #require(try world.draft())
        // The page sends fields in page order; after a drag the email field (marker 1) comes first.
        var form = BuilderForm.fields(starter)
        let emailPairs = form.filter { $0.0.hasPrefix("f1.") || ($0.0 == "field" && $0.1 == "1") }
        form.removeAll { $0.0.hasPrefix("f1.") || ($0.0 == "field" && $0.1 == "1") }
        let firstField = try #require(form.firstIndex { $0.0 == "field" })
        form.insert(contentsOf: emailPairs, at: firstField)
        // "Remove" on marker 0 still removes the name field, wherever it now is.
        #expect(world.browser.post(world.path, form + [("action", "remove:0")]).status == .seeOther)
        #expect(try world.draft()?.fields.map(\.key) == ["email"])
    }

    @Test func publishingCreatesNumberedVersionsWithHistory() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var definition = try #require(try world.draft())
        let first = world.post(definition, action: nil, to: "/publish")
        #expect(first.status == .seeOther)
        #expect(try world.versions() == [1])
        var page = world.browser.get(world.path)
        #expect(page.text.contains("Published: version 1"))
        #expect(page.text.contains("Version 1 of the form is published"))
        #expect(!page.text.contains("Draft has unpublished changes"))

        definition.fields[0].label = "Your full name"
        world.post(definition)
        page = world.browser.get(world.path)
        #expect(page.text.contains("Draft has unpublished changes"))

        world.post(definition, action: nil, to: "/publish")
        #expect(try world.versions() == [1, 2])
        #expect(!world.browser.get(world.path).text.contains("Draft has unpublished changes"))
        let stored = try world.world.pool.transaction { transaction in
            try transaction.scope(organizationID: world.organizationID)
            return try FormVersions.definition(campaignID: world.campaignID, version: 2, organizationID: world.organizationID, in: transaction)
        }
        #expect(stored == definition)

        let history = try world.world.pool.query(
            """
            SELECT field, old_value, new_value FROM campaign_history
            WHERE organization_id = \(world.organizationID) AND campaign_id = \(world.campaignID) ORDER BY id
            """
        ).map { try $0.decode(String.self, String?.self, String?.self) }
        #expect(history.map(\.0) == ["form", "form"])
        #expect(history.map(\.1) == [nil, "version 1"])
        #expect(history.map(\.2) == ["version 1", "version 2"])
        #expect(try world.world.count(
            "SELECT count(*) FROM audit_log WHERE organization_id = \(world.organizationID) AND action = 'form.published'") == 2)
    }

    @Test func concurrentPublishesGetConsecutiveVersions() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let definition = try #require(try world.draft())
        let browsers = (0..<4).map { _ in
            let browser = world.world.browser()
            browser.signIn(world.admin, AccountsWorld.password)
            browser.get(world.path)
            return browser
        }
        let statuses = Mutex<[HTTPStatus]>([])
        DispatchQueue.concurrentPerform(iterations: browsers.count) { index in
            let status = browsers[index].post(world.path + "/publish", BuilderForm.fields(definition)).status
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == .seeOther })
        #expect(try world.versions() == [1, 2, 3, 4])
    }

    @Test func publishingWithoutFieldsIsRefusedAndWithoutEmailIsWarned() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var definition = try #require(try world.draft())
        definition.fields = []
        #expect(world.post(definition).status == .seeOther)  // an empty draft may be saved
        // A refused Publish lands on a plain GET (a reload posts nothing) listing why.
        let refused = world.post(definition, action: nil, to: "/publish")
        #expect(refused.status == .seeOther)
        #expect(refused.location == world.path + "?refused=publish#builder-problems")
        let listed = world.browser.get(try #require(refused.location?.split(separator: "#").first.map(String.init)))
        #expect(listed.status == .ok)
        #expect(listed.text.contains("Saved as the draft, not published: 1 thing needs fixing"))
        #expect(listed.text.contains("Add at least one field before publishing."))
        #expect(try world.versions().isEmpty)

        definition.fields = [FormField(key: "phone", type: .tel, label: "Phone")]
        #expect(world.post(definition, action: nil, to: "/publish").status == .seeOther)
        #expect(try world.versions() == [1])
        #expect(world.browser.get(world.path).text.contains("no email field"))
    }

    @Test func aViewerSeesTheFormReadOnlyAndCannotChangeIt() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let definition = try #require(try world.draft())
        let viewer = try world.world.member(of: world.organization, role: "viewer")
        let browser = world.world.browser()
        browser.signIn(viewer, AccountsWorld.password)
        let page = browser.get(world.path)
        #expect(page.status == .ok)
        #expect(page.text.contains("Email address"))
        #expect(!page.text.contains("Save draft"))
        #expect(!page.text.contains("form-builder.js"))
        var changed = definition
        changed.title = "Hijacked"
        let form = BuilderForm.fields(changed)
        #expect(browser.post(world.path, form).status == .forbidden)
        #expect(browser.post(world.path + "/publish", form).status == .forbidden)
        #expect(try world.draft() == definition)
        #expect(try world.versions().isEmpty)
    }

    @Test func anotherOrganizationsCampaignIsNotFoundOnEveryRoute() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let definition = try #require(try world.draft())
        let outsider = try FormBuilderWorld()
        outsider.browser.get(outsider.path)
        let form = BuilderForm.fields(FormDefinition(title: "Stolen", fields: [FormField(key: "x", type: .text, label: "X")]))
        let get = outsider.browser.get(world.path)
        #expect(get.status == .notFound)
        #expect(!get.text.contains("Spring webinar"))
        #expect(outsider.browser.post(world.path, form + [("action", "save")]).status == .notFound)
        #expect(outsider.browser.post(world.path, form + [("action", "add"), ("new_label", "Y")]).status == .notFound)
        #expect(outsider.browser.post(world.path + "/publish", form).status == .notFound)
        #expect(outsider.browser.get("/app/campaigns/999999999/form").status == .notFound)
        #expect(try world.draft() == definition)
        #expect(try world.versions().isEmpty)
    }

    @Test func aCompletedCampaignsFormIsReadOnly() throws {
        let world = try FormBuilderWorld(status: "completed")
        let page = world.browser.get(world.path)
        #expect(page.status == .ok)
        #expect(page.text.contains("can no longer change"))
        #expect(!page.text.contains("Save draft"))
        let definition = try #require(try world.draft())
        #expect(world.post(definition).status == .conflict)
        #expect(world.post(definition, action: nil, to: "/publish").status == .conflict)
        #expect(try world.versions().isEmpty)
    }

    @Test func scriptTextInLabelsHelpAndOptionsIsShownEscaped() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var definition = try #require(try world.draft())
        let script = "<script>alert('x')</script>"
        definition.title = "Title " + script
        definition.fields.append(FormField(
            key: "choice", type: .radio, label: "Pick " + script, help: "Help " + script, options: ["A " + script, "B"]))
        #expect(world.post(definition).status == .seeOther)
        let page = world.browser.get(world.path)
        #expect(page.status == .ok)
        #expect(!page.text.contains("<script>alert"))
        #expect(page.text.contains("Pick &lt;script&gt;"))
        #expect(page.text.contains("Help &lt;script&gt;"))
        #expect(page.text.contains("A &lt;script&gt;"))
    }
}
