import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// GET and POST /f/{slug} in process against the real database: what a prospect sees for
/// each campaign state, views, and what a successful submission stores.
@Suite struct LandingControllerTests {
    @Test func anActiveCampaignShowsItsLatestPublishedForm() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign(versions: 2)
        let response = world.client().get(campaign.path)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.text.contains("<h1 id=\"landing-title\" class=\"landing__title\">Spring webinar</h1>"))
        #expect(!response.text.contains("Old version"))
        #expect(response.text.contains(#"action="\#(campaign.path)""#))
        // No session: nothing is set and no CSRF token is needed.
        #expect(response.headers["Set-Cookie"] == nil)
        #expect(world.client().get(campaign.path.uppercased().replacingOccurrences(of: "/F/", with: "/f/")).status == .ok)
    }

    @Test(arguments: [
        ("paused", 503, "This form is paused"),
        ("completed", 410, "This campaign has ended"),
        ("cancelled", 410, "This campaign has ended"),
        ("draft", 404, "There is no form here"),
        ("scheduled", 404, "There is no form here"),
    ])
    func campaignsThatAreNotActiveGetAFriendlyPage(status: String, code: Int, heading: String) throws {
        let world = try LandingWorld()
        let campaign = try world.campaign(status: status)
        for response in [world.client().get(campaign.path), world.client().post(campaign.path, form: [("email", "a@example.com")])] {
            #expect(response.status.code == code)
            #expect(response.text.contains(heading))
            #expect(!response.text.contains("<form"))
        }
        #expect(try world.leads(campaign) == 0)
        if status == "paused" {
            #expect(world.client().get(campaign.path).headers["Retry-After"] == "3600")
        }
    }

    /// Issue 18, item 14: a campaign the public may not see yet (draft, scheduled, or active
    /// before its form is published) answers exactly what an unknown address answers, so
    /// nobody can probe which slugs exist.
    @Test func campaignsNotPublicYetAnswerExactlyAsAnUnknownSlug() throws {
        let world = try LandingWorld()
        let client = world.client()
        let unknown = "/f/" + TestDatabase.unique("no-such-")
        let hidden = [
            try world.campaign(status: "draft"), try world.campaign(status: "scheduled"),
            try world.campaign(status: "active", versions: 0),
        ]
        for method in ["GET", "HEAD", "POST"] {
            func answer(_ path: String) -> TestResponse {
                switch method {
                case "GET": client.get(path)
                case "HEAD": client.head(path)
                default: client.post(path, form: [("email", "a@example.com")])
                }
            }
            let expected = answer(unknown)
            #expect(expected.status == .notFound)
            for campaign in hidden {
                let response = answer(campaign.path)
                #expect(response.status == expected.status, "\(method) \(campaign.slug)")
                #expect(response.body == expected.body, "\(method) \(campaign.slug)")
                let fields = { (response: TestResponse) in
                    response.headers.fields.filter { !["date", "x-request-id"].contains($0.name.lowercased()) }
                }
                #expect(fields(response) == fields(expected), "\(method) \(campaign.slug)")
            }
        }
        #expect(try hidden.map(world.leads) == [0, 0, 0])
    }

    @Test func unknownAndMalformedSlugsAreNotFound() throws {
        let world = try LandingWorld()
        for path in ["/f/no-such-campaign-here", "/f/Bad_Slug!", "/f/-leading", "/f/" + String(repeating: "a", count: 81)] {
            let response = world.client().get(path)
            #expect(response.status == .notFound, "\(path)")
            #expect(response.text.contains("There is no form here"))
        }
    }

    @Test func viewsAreRecordedWhenTheBufferIsFlushed() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let other = try world.campaign(status: "paused")
        for _ in 0..<3 { #expect(world.client().get(campaign.path).status == .ok) }
        _ = world.client().get(other.path)
        _ = world.client().head(campaign.path)
        #expect(try world.events(campaign, kind: "form_view") == 0)
        try world.app.landing.views.flush()
        #expect(try world.events(campaign, kind: "form_view") == 3)
        #expect(try world.rollup(campaign, "views") == 3)
        #expect(try world.events(other, kind: "form_view") == 0)
        _ = world.client().get(campaign.path)
        try world.app.landing.views.flush()
        #expect(try world.rollup(campaign, "views") == 4)
    }

    @Test func stoppingTheAppWritesTheViewsStillBuffered() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        for _ in 0..<2 { #expect(world.client().get(campaign.path).status == .ok) }
        world.app.stop()
        #expect(try world.events(campaign, kind: "form_view") == 2)
        #expect(try world.rollup(campaign, "views") == 2)
    }

    @Test func startingTheServerMakesThisAndNextMonthsEventPartitions() throws {
        let world = try LandingWorld()
        let nextMonth = try world.pool.query(
            "SELECT 'events_' || to_char(date_trunc('month', current_date) + interval '1 month', 'YYYY_MM')").single(String.self)
        try world.pool.execute("DROP TABLE IF EXISTS \(identifier: nextMonth)")
        try world.app.prepareDatabase()
        let missing = try world.count(
            """
            SELECT count(*) FROM generate_series(date_trunc('month', current_date), date_trunc('month', current_date) + interval '1 month', interval '1 month') AS m
            WHERE to_regclass('events_' || to_char(m, 'YYYY_MM')) IS NULL
            """
        )
        #expect(missing == 0)
    }

    @Test func aSubmissionStoresTheLeadItsActivityItsEventAndTheRollupTogether() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign(versions: 3)
        let client = world.client(remoteAddress: "192.0.2.7")
        let response = client.post(
            campaign.path, form: [("name", "  Ada Lovelace "), ("email", "Ada@Example.com"), ("admin", "1")],
            headers: ["User-Agent": "Landing test agent"])
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == campaign.path + "/thanks")
        let row = try #require(try world.pool.query(
            """
            SELECT id, email::text, name, answers::text, form_version, ip_address, user_agent, submission_key, status, source
            FROM leads WHERE organization_id = \(campaign.organizationID) AND campaign_id = \(campaign.campaignID)
            """
        ).first)
        let (leadID, email, name, answers, version, ip, agent, key, status, source) = try row.decode(
            Int64.self, String.self, String.self, String.self, Int.self, String.self, String.self, String.self, String.self, String.self)
        #expect(email == "Ada@Example.com")
        #expect(name == "Ada Lovelace")
        #expect(try sameJSON(world, answers, #"{"email": "Ada@Example.com", "name": "Ada Lovelace"}"#))
        #expect(version == 3)
        #expect(ip == "192.0.2.7")
        #expect(agent == "Landing test agent")
        #expect(key.count == 64)
        #expect(status == "new" && source == "form")
        #expect(try world.count("SELECT count(*) FROM lead_activities WHERE organization_id = \(campaign.organizationID) AND lead_id = \(leadID) AND kind = 'created'") == 1)
        #expect(try world.count("SELECT count(*) FROM events WHERE organization_id = \(campaign.organizationID) AND lead_id = \(leadID) AND kind = 'form_submit'") == 1)
        #expect(try world.rollup(campaign, "submissions") == 1)
    }

    @Test func groupsConsentAndFirstAndLastNamesAreStoredAsDocumented() throws {
        let world = try LandingWorld()
        let definition = FormDefinition(title: "Demo", fields: [
            FormField(key: "first_name", type: .text, label: "First name"),
            FormField(key: "last_name", type: .text, label: "Last name"),
            FormField(key: "work_email", type: .email, label: "Email", required: true),
            FormField(key: "topics", type: .checkbox, label: "Topics", options: ["SEO", "Email", "Ads"]),
            FormField(key: "agree", type: .consent, label: "I agree", required: true),
        ])
        let campaign = try world.campaign(definition: definition)
        let response = world.client().post(campaign.path, form: [
            ("first_name", "Grace"), ("last_name", "Hopper"), ("work_email", "grace@example.com"), ("work_email", "second@example.com"),
            ("topics", "Ads"), ("topics", "SEO"), ("topics", "Ads"), ("agree", "on"),
        ])
        #expect(response.status == .seeOther)
        let row = try #require(try world.pool.query(
            "SELECT email::text, name, answers::text FROM leads WHERE organization_id = \(campaign.organizationID)").first)
        let (email, name, answers) = try row.decode(String.self, String.self, String.self)
        #expect(email == "grace@example.com")
        #expect(name == "Grace Hopper")
        #expect(try sameJSON(world, answers, #"{"agree": "yes", "first_name": "Grace", "last_name": "Hopper", "topics": ["SEO", "Ads"], "work_email": "grace@example.com"}"#))
    }

    /// A redirect completion thanks on this origin and moves on from there (a 303 to
    /// another origin is blocked by the landing page's CSP `form-action` in Chromium; see
    /// `LandingPages.completion` and BrowserLandingRedirectTests).
    @Test func aRedirectCompletionThanksAndMovesOnToTheAddress() throws {
        let world = try LandingWorld()
        var definition = LandingWorld.definition
        definition.completion = .redirect("https://example.com/thanks?from=landing&step=2")
        let campaign = try world.campaign(definition: definition)
        let (post, response) = world.submit(campaign, form: [("email", "r@example.com")])
        #expect(post.status == .seeOther && post.headers["Location"] == campaign.path + "/thanks")
        #expect(response.status == .ok)
        #expect(response.headers["Location"] == nil)
        #expect(response.text.contains(#"<meta http-equiv="refresh" content="0; url=https://example.com/thanks?from=landing&amp;step=2">"#))
        #expect(response.text.contains(#"<a href="https://example.com/thanks?from=landing&amp;step=2">Continue</a>"#))
        #expect(response.text.contains("Taking you on to example.com…"))
        #expect(try world.leads(campaign) == 1)
    }

    @Test func aDoubleClickedSubmitMakesOneLead() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let first = world.client().post(campaign.path, form: [("name", "Bo"), ("email", "bo@example.com")])
        let second = world.client().post(campaign.path, form: [("name", "BO "), ("email", "Bo@Example.com")])
        #expect(first.status == .seeOther && second.status == .seeOther)
        #expect(second.text == first.text)
        #expect(try world.leads(campaign) == 1)
        #expect(try world.events(campaign, kind: "form_submit") == 1)
        #expect(try world.rollup(campaign, "submissions") == 1)
        // Different answers are a different lead.
        #expect(world.client().post(campaign.path, form: [("name", "Bo"), ("email", "bo2@example.com")]).status == .seeOther)
        #expect(try world.leads(campaign) == 2)
    }

    /// Without an email to say who answered, the same answers from two addresses are two
    /// people (a one-question poll); from one address they are a double click.
    @Test func withoutAnEmailFieldTheSameAnswersFromAnotherAddressAreAnotherLead() throws {
        let world = try LandingWorld()
        let poll = FormDefinition(
            title: "Quick poll", fields: [FormField(key: "choice", type: .radio, label: "Pick one", required: true, options: ["Yes", "No"])])
        let campaign = try world.campaign(definition: poll)
        let here = world.client(remoteAddress: "10.9.8.7")
        #expect(here.post(campaign.path, form: [("choice", "Yes")]).status == .seeOther)
        #expect(here.post(campaign.path, form: [("choice", "Yes")]).status == .seeOther)
        #expect(try world.leads(campaign) == 1)
        #expect(world.client(remoteAddress: "10.9.8.8").post(campaign.path, form: [("choice", "Yes")]).status == .seeOther)
        #expect(try world.leads(campaign) == 2)
    }

    @Test func theDuplicateWindowCanBeTurnedOff() throws {
        let world = try LandingWorld(["FORM_DUPLICATE_WINDOW_SECONDS": "0"])
        let campaign = try world.campaign()
        for _ in 0..<2 { #expect(world.client().post(campaign.path, form: [("email", "twice@example.com")]).status == .seeOther) }
        #expect(try world.leads(campaign) == 2)
    }

    @Test func aPublishedStatusChangeShowsAfterInvalidation() throws {
        let world = try LandingWorld(["FORM_CACHE_TTL_MS": "600000"])
        let campaign = try world.campaign()
        #expect(world.client().get(campaign.path).status == .ok)
        try world.pool.execute("UPDATE campaigns SET status = 'paused' WHERE organization_id = \(campaign.organizationID) AND id = \(campaign.campaignID)")
        #expect(world.client().get(campaign.path).status == .ok)
        world.app.landing.cache.invalidate(slug: campaign.slug)
        #expect(world.client().get(campaign.path).status == .serviceUnavailable)
    }

    /// Whether two JSON texts are the same JSON value, as PostgreSQL compares jsonb.
    private func sameJSON(_ world: LandingWorld, _ stored: String, _ expected: String) throws -> Bool {
        try world.pool.query("SELECT \(JSONDocument(text: stored)) = \(JSONDocument(text: expected))").single(Bool.self)
    }
}
