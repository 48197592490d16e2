import Foundation
import HTTP
import Testing
@testable import Lodestar

/// Issue 17, "Public landing page": a stored submission answers 303 to `/f/{slug}/thanks`
/// (so reloading the thank-you sends nothing again), and a refused one puts its list of
/// problems first.
@Suite struct LandingThanksTests {
    @Test func aSubmissionRedirectsToAThankYouPageThatPostsNothingWhenReloaded() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let client = world.client()
        let (post, page) = world.submit(campaign, form: [("name", "Ada"), ("email", "ada@example.com")], client: client)
        #expect(post.status == .seeOther)
        #expect(post.headers["Location"] == campaign.path + "/thanks")
        #expect(post.headers["Cache-Control"] == "no-store")
        #expect(page.status == .ok)
        #expect(page.text.contains("<title>Thank you – Spring webinar</title>"))
        #expect(page.text.contains("Thank you! We will be in touch soon."))
        #expect(!page.text.contains("<form"))
        // Reloading the thank-you is a GET: no second lead, no second submission counted.
        #expect(client.get(campaign.path + "/thanks").status == .ok)
        #expect(try world.leads(campaign) == 1)
        #expect(try world.rollup(campaign, "submissions") == 1)
    }

    /// The thank-you stays for a prospect who reloads it after the campaign is paused or
    /// over; a campaign that was never public answers exactly as an unknown address.
    @Test func theThankYouPageShowsOnlyForCampaignsThatWerePublic() throws {
        let world = try LandingWorld()
        for status in ["paused", "completed"] {
            let campaign = try world.campaign(status: status)
            let page = world.client().get(campaign.path + "/thanks")
            #expect(page.status == .ok, "\(status)")
            #expect(page.text.contains("Thank you! We will be in touch soon."), "\(status)")
        }
        let unknown = world.client().get("/f/" + TestDatabase.unique("no-such-") + "/thanks")
        #expect(unknown.status == .notFound)
        for campaign in [try world.campaign(status: "draft"), try world.campaign(status: "scheduled"), try world.campaign(versions: 0)] {
            let page = world.client().get(campaign.path + "/thanks")
            #expect(page.status == .notFound)
            #expect(page.body == unknown.body)
        }
        #expect(world.client().get("/f/NOT%20A%20SLUG/thanks").status == .notFound)
    }

    @Test func aRefusedSubmissionPutsTheListOfProblemsFirstAndFocusesIt() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let refused = world.client().post(campaign.path, form: [("name", "Ada"), ("email", "")])
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains(#"<script src="/static/landing.js?v="#))
        // Nothing focusable comes before the list of problems: no skip link on this page.
        let summary = try #require(refused.text.range(of: #"class="landing__errors""#))
        #expect(!refused.text[..<summary.lowerBound].contains("<a "))
        #expect(refused.text.contains(##"<a href="#field-email">"##))
        // The form as first shown keeps its skip link and loads no script.
        let fresh = world.client().get(campaign.path)
        #expect(fresh.text.contains(#"class="skip-link""#))
        #expect(!fresh.text.contains("<script"))
        let script = world.client().get("/static/landing.js")
        #expect(script.status == .ok)
        #expect(script.text.contains(".landing__errors"))
    }
}
