import Foundation
import Testing
@testable import Lodestar

/// Issue 17, "Form builder", against the real database: fields collapsed to a summary
/// line, only the boxes that apply, problems listed at the top as links, confirmations
/// where the page lands, Publish first, a warning for starter choices.
@Suite struct FormBuilderLayoutTests {
    /// The part of `html` from the element with `id` to the end of its list item.
    private func item(_ html: String, _ id: String) throws -> Substring {
        let start = try #require(html.range(of: #"id="\#(id)""#))
        let end = html[start.upperBound...].range(of: "</li>")?.lowerBound ?? html.endIndex
        return html[start.lowerBound..<end]
    }

    @Test func fieldsStartCollapsedToALineWithLabelTypeAndRequired() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var definition = try #require(try world.draft())
        definition.fields[1].required = true
        definition.fields.append(FormField(key: "plan", type: .radio, label: "Plan", options: ["Basic", "Pro"]))
        #expect(world.post(definition).status == .seeOther)

        let page = world.browser.get(world.path).text
        #expect(page.components(separatedBy: "<details class=\"builder-field__details\" data-field-details>").count == 4)
        #expect(!page.contains("data-field-details open"))
        let email = try item(page, "builder-field-email")
        #expect(email.contains("<summary class=\"builder-field__summary\"><span data-drag-handle><span data-field-number>2</span>. Email address</span> <span class=\"badge\">Email</span> <span class=\"builder-field__required\">Required</span></summary>"))
        #expect(!(try item(page, "builder-field-name")).contains("builder-field__required"))
        // A placeholder applies to typed answers: shown for email, hidden for radio buttons.
        #expect(email.contains(#"<div class="builder-field__extra" data-types="text email tel number textarea">"#))
        #expect((try item(page, "builder-field-plan")).contains(#"<div class="builder-field__extra" data-types="text email tel number textarea" hidden>"#))
    }

    @Test func publishIsThePrimaryButtonAndAddAFieldIsReachableFromTheTop() throws {
        let world = try FormBuilderWorld()
        let page = world.browser.get(world.path).text
        let toolbar = try #require(page.range(of: #"<div class="builder__toolbar">"#))
        let buttons = page[toolbar.upperBound...].prefix(600)
        #expect(buttons.contains(#"<button class="button" type="submit" formaction="\#(world.path)/publish">Publish</button>"#))
        #expect(buttons.contains(#"<button class="button button--quiet" type="submit" name="action" value="save">Save draft</button>"#))
        #expect(buttons.contains(##"<a class="button button--quiet" href="#add-field">Add a field</a>"##))
        #expect(page.contains(#"<section class="panel" id="add-field""#))
    }

    @Test func aRefusalListsEveryProblemAtTheTopAsLinksAndOpensTheFieldsConcerned() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var definition = try #require(try world.draft())
        definition.title = ""
        definition.fields[1].label = ""
        definition.fields[1].key = "Bad Key"
        let refused = world.post(definition, action: "add", extra: [("new_label", "")])
        #expect(refused.status == .unprocessableContent)
        let text = refused.text
        let summary = try #require(text.range(of: #"id="builder-problems""#))
        let list = text[summary.upperBound...].prefix(2000)
        #expect(list.contains("4 things need fixing"))
        for href in ["#form-title", "#f1-label", "#f1-key", "#new-label"] {
            #expect(list.contains(#"<a href="\#(href)">"#), "\(href)")
        }
        #expect(list.contains("Field 2, “Untitled field”:"))
        #expect((try item(text, "builder-field-Bad Key")).contains("data-field-details open"))
        #expect(!(try item(text, "builder-field-name")).contains("data-field-details open"))
    }

    @Test func aRemovalConfirmsAtTheListItLandsOn() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let draft = try #require(try world.draft())
        let removed = world.post(draft, action: "remove:0")
        #expect(removed.location == world.path + "?done=removed#fields")
        let page = world.browser.get(try #require(removed.location?.split(separator: "#").first.map(String.init))).text
        let list = try #require(page.range(of: #"<h2 id="fields-title">Fields</h2>"#))
        #expect(page[list.upperBound...].prefix(200).contains(#"<p class="builder-field__done" role="status">Field removed.</p>"#))
        // A made-up key or change in the address shows nothing.
        #expect(!world.browser.get(world.path + "?done=added&field=nope").text.contains("builder-field__done"))
        #expect(!world.browser.get(world.path + "?done=exploded&field=email").text.contains("builder-field__done"))
    }

    @Test func aNewChoiceFieldWarnsWhileItOffersTheStarterChoices() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let draft = try #require(try world.draft())
        world.post(draft, action: "add", extra: [("new_type", "radio"), ("new_label", "Plan")])
        let warning = "“Plan” still offers the starter choices “Option 1” and “Option 2”; replace them with real choices before people see the form."
        #expect(world.browser.get(world.path).text.contains(warning))
        var stored = try #require(try world.draft())
        #expect(world.post(stored, action: nil, to: "/publish").status == .seeOther)
        #expect(world.browser.get(world.path).text.contains(warning))  // said again after publishing
        stored.fields[2].options = ["Basic", "Pro"]
        world.post(stored)
        #expect(!world.browser.get(world.path).text.contains("starter choices"))
    }

    @Test(arguments: [
        ([:], "http://localhost:8080/f/"),
        (["LANDING_BASE_URL": "https://go.example.com/"], "https://go.example.com/f/"),
    ])
    func theShareBoxGivesTheFullLandingAddressWithACopyButton(environment: [String: String], prefix: String) throws {
        let world = try FormBuilderWorld(environment: environment)
        let slug = try world.world.pool.query("SELECT slug FROM campaigns WHERE id = \(world.campaignID)").single(String.self)
        let page = world.browser.get(world.path).text
        #expect(page.contains(#"<input class="builder__share-url" id="share-url" type="url" value="\#(prefix)\#(slug)" readonly>"#))
        #expect(page.contains(#"<button class="button button--quiet" type="button" data-copy="share-url" hidden>Copy</button>"#))
        #expect(page.contains("The page opens once the form is published and the campaign is live."))
        let expectedQR = try QRCode(bytes: Array((prefix + slug).utf8)).svg(pixels: 160, label: "QR code of " + prefix + slug)
        #expect(page.contains(expectedQR))
    }

    @Test func duplicatingAFieldCopiesItBelowWithAKeyOfItsOwn() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var definition = try #require(try world.draft())
        definition.fields[1].required = true
        definition.fields[1].help = "Work address"
        let duplicated = world.post(definition, action: "duplicate:1")
        #expect(duplicated.location == world.path + "?done=duplicated&field=email_2#builder-field-email_2")
        let stored = try #require(try world.draft())
        #expect(stored.fields.map(\.key) == ["name", "email", "email_2"])
        var expected = definition.fields[1]
        expected.key = "email_2"
        expected.label += " (copy)"
        #expect(stored.fields[2] == expected)
        let page = world.browser.get(world.path + "?done=duplicated&field=email_2").text
        #expect((try item(page, "builder-field-email_2")).contains("Field duplicated. Give the copy its own label, then save."))
        #expect(page.contains(#"value="duplicate:0">Duplicate<span class="visually-hidden">: 1. "#))
    }
}
