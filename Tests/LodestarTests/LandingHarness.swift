import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// A campaign made for a landing-page test.
struct LandingCampaign {
    var organizationID: Int64
    var campaignID: Int64
    var slug: String
    var path: String { "/f/" + slug }
}

/// One landing test's world: an app over the test database (rate limit off unless the
/// test sets it) and helpers that make campaigns with published forms directly in SQL.
struct LandingWorld {
    let accounts: AccountsWorld
    var app: App { accounts.app }
    var pool: ConnectionPool { accounts.pool }

    static let definition = FormDefinition(
        title: "Spring webinar",
        introduction: "Register for the spring webinar.",
        fields: [
            FormField(key: "name", type: .text, label: "Your name", maximum: "200"),
            FormField(key: "email", type: .email, label: "Email address", required: true),
        ]
    )

    init(_ settings: [String: String] = [:]) throws {
        accounts = try AccountsWorld(environment: ["FORM_RATE_LIMIT": "0", "FORM_VIEW_FLUSH_MS": "600000"].merging(settings) { $1 })
    }

    /// A client from its own address (so rate limits of parallel tests never meet).
    func client(remoteAddress: String? = nil) -> TestClient {
        TestClient(app.responder, remoteAddress: remoteAddress ?? "10.\(UInt8.random(in: 0...255)).\(UInt8.random(in: 0...255)).\(UInt8.random(in: 1...254))")
    }

    /// Posts `form` to the campaign's landing page and, when it answers 303, opens the
    /// address it names as a browser would (a GET): the thank-you page.
    func submit(_ campaign: LandingCampaign, form: [(String, String)], client: TestClient? = nil) -> (post: TestResponse, page: TestResponse) {
        let client = client ?? self.client()
        let post = client.post(campaign.path, form: form)
        guard post.status == .seeOther, let location = post.headers["Location"] else { return (post, post) }
        return (post, client.get(location))
    }

    /// A new organization with a campaign in `status` whose form has `versions` published
    /// versions (the last one is `definition`).
    func campaign(
        status: String = "active", definition: FormDefinition = LandingWorld.definition, versions: Int = 1
    ) throws -> LandingCampaign {
        let (organization, _) = try accounts.organizationWithAdmin()
        let slug = TestDatabase.unique("spring-")
        return try pool.transaction { transaction in
            let organizationID = try transaction.query("SELECT id FROM organizations WHERE name = \(organization)").single(Int64.self)
            let campaignID = try transaction.query(
                """
                INSERT INTO campaigns (organization_id, name, status, slug)
                VALUES (\(organizationID), 'Spring', \(status), \(slug)) RETURNING id
                """
            ).single(Int64.self)
            for version in stride(from: 1, through: versions, by: 1) {
                var published = definition
                if version < versions { published.title = "Old version \(version)" }
                try transaction.execute(
                    """
                    INSERT INTO form_versions (organization_id, campaign_id, version, definition)
                    VALUES (\(organizationID), \(campaignID), \(version), \(try JSONDocument(encoding: published)))
                    """
                )
            }
            return LandingCampaign(organizationID: organizationID, campaignID: campaignID, slug: slug)
        }
    }

    func count(_ query: Query) throws -> Int { try accounts.count(query) }

    func leads(_ campaign: LandingCampaign) throws -> Int {
        try count("SELECT count(*) FROM leads WHERE organization_id = \(campaign.organizationID) AND campaign_id = \(campaign.campaignID)")
    }

    func events(_ campaign: LandingCampaign, kind: String) throws -> Int {
        try count(
            """
            SELECT count(*) FROM events
            WHERE organization_id = \(campaign.organizationID) AND campaign_id = \(campaign.campaignID) AND kind = \(kind)
            """
        )
    }

    /// Today's rollup column (`views` or `submissions`) of the campaign; 0 without a row.
    func rollup(_ campaign: LandingCampaign, _ column: String) throws -> Int {
        Int(try pool.query(
            """
            SELECT coalesce(sum(\(identifier: column)), 0)::bigint FROM campaign_daily_stats
            WHERE organization_id = \(campaign.organizationID) AND campaign_id = \(campaign.campaignID)
            """
        ).single(Int64.self))
    }
}
