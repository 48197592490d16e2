import Foundation
import HTTP
import Testing
import Web
@testable import Lodestar

/// The builder's preview: the landing page's own form rendering, inline on the builder
/// and as a fragment for the live refresh, of the draft (GET) or of what is typed (POST).
@Suite struct FormBuilderPreviewTests {
    @Test func theBuilderShowsThePublicFormAsItWillLook() throws {
        let world = try FormBuilderWorld(campaignName: "Open day")
        let page = world.browser.get(world.path)
        let preview = try #require(page.text.range(of: #"id="form-preview""#))
        let fragment = page.text[preview.upperBound...]
        #expect(fragment.contains(#"<h1 id="landing-title" class="landing__title">Open day</h1>"#))
        #expect(fragment.contains("Email address"))
        #expect(fragment.contains("Preview: the button is disabled here."))
        // Builder and preview share one page: every id is unique, so labels and anchors hit their own element.
        let ids = page.text.matches(of: #/\sid="([^"]+)"/#).map { String($0.output.1) }
        #expect(Set(ids).count == ids.count, "duplicate ids: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys)")
    }

    @Test func thePreviewFragmentFollowsWhatIsTypedWithoutSavingIt() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let stored = try #require(try world.draft())

        let saved = world.browser.get(world.path + "/preview")
        #expect(saved.status == .ok)
        #expect(saved.headers["Content-Type"] == "text/html; charset=utf-8")
        // Opened on its own, the preview is a whole page with a title.
        #expect(saved.text.hasPrefix("<!doctype html>"))
        #expect(saved.text.contains("<title>Preview · \(stored.title)</title>"))
        #expect(saved.text.contains("Your name"))

        var typed = stored
        typed.title = "Typed title"
        typed.fields.append(FormField(key: "size", type: .select, label: "Team size", options: ["1-10", "11-50"]))
        let live = world.browser.post(world.path + "/preview", BuilderForm.fields(typed))
        #expect(live.status == .ok)
        #expect(live.text.contains("Typed title"))
        #expect(!live.text.contains("<html"))
        #expect(live.text.contains("Team size"))
        #expect(live.text.contains("11-50"))
        #expect(try world.draft() == stored)
    }

    @Test func scriptTextIsEscapedInThePreview() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var definition = try #require(try world.draft())
        let script = "<script>alert(1)</script>"
        definition.title = script
        definition.introduction = "Intro " + script
        definition.fields.append(FormField(
            key: "pick", type: .checkbox, label: "Label " + script, help: "Help " + script, options: ["Option " + script]))
        let live = world.browser.post(world.path + "/preview", BuilderForm.fields(definition))
        #expect(live.status == .ok)
        #expect(!live.text.contains("<script>"))
        #expect(live.text.contains("Label &lt;script&gt;"))
        #expect(live.text.contains("Help &lt;script&gt;"))
        #expect(live.text.contains("Option &lt;script&gt;"))
        world.post(definition)
        let page = world.browser.get(world.path)
        #expect(!page.text.contains("<script>alert"))
        #expect(page.text.contains("Intro &lt;script&gt;"))
    }

    @Test func aViewerMayPreviewButAnotherOrganizationMayNot() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let viewer = try world.world.member(of: world.organization, role: "viewer")
        let browser = world.world.browser()
        browser.signIn(viewer, AccountsWorld.password)
        #expect(browser.get(world.path + "/preview").status == .ok)

        let outsider = try FormBuilderWorld()
        outsider.browser.get(outsider.path)
        #expect(outsider.browser.get(world.path + "/preview").status == .notFound)
        let definition = try #require(try world.draft())
        let posted = outsider.browser.post(world.path + "/preview", BuilderForm.fields(definition))
        #expect(posted.status == .notFound)
        #expect(!posted.text.contains("Your name"))
    }

    /// Issue 18, item 6: the preview applies the builder's limits, so a 1 MB body with
    /// 110,000 choices is answered with a short refusal, not a page of many megabytes.
    @Test func aDefinitionPastTheBuildersLimitsIsNotRendered() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var definition = try #require(try world.draft())
        definition.fields.append(FormField(
            key: "pick", type: .select, label: "Pick one", options: Array(repeating: "a", count: 110_000)))
        let refused = world.browser.post(world.path + "/preview", BuilderForm.fields(definition))
        #expect(refused.status == .unprocessableContent)
        #expect(refused.body.count < 4096)
        #expect(refused.text.contains("The preview shows forms within the builder's limits."))
        #expect(refused.text.contains("Field 3: Offer at most 50 choices (there are 110000)."))

        var crowded = try #require(try world.draft())
        crowded.title = String(repeating: "T", count: 300)
        crowded.fields += (1...60).map { FormField(key: "q\($0)", type: .text, label: "Question \($0)") }
        let tooMany = world.browser.post(world.path + "/preview", BuilderForm.fields(crowded))
        #expect(tooMany.status == .unprocessableContent)
        #expect(tooMany.text.contains("Keep the title to 200 characters or fewer."))
        #expect(tooMany.text.contains("A form can have at most 50 fields; remove 12."))
        #expect(!tooMany.text.contains("Question 1"))

        // Problems that are not about size (a label still empty while typing) still preview.
        var unfinished = try #require(try world.draft())
        unfinished.fields.append(FormField(key: "half", type: .text, label: ""))
        #expect(world.browser.post(world.path + "/preview", BuilderForm.fields(unfinished)).status == .ok)

        // The builder page itself, refused at save, shows the note instead of the preview too.
        let saved = world.post(definition)
        #expect(saved.status == .unprocessableContent)
        #expect(saved.text.contains("The preview shows forms within the builder's limits."))
    }
}
