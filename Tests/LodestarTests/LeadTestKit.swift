import Foundation
import Postgres
import Testing
@testable import Lodestar

/// An organization with an admin, and SQL helpers that put campaigns, published form
/// versions, leads and events straight into the test database (as the landing page and
/// the campaigns feature would), for the leads tests.
struct LeadTestKit {
    let world: AccountsWorld
    let organization: String
    let organizationID: Int64
    let admin: String

    init(environment: [String: String] = [:]) throws {
        world = try AccountsWorld(environment: environment)
        (organization, admin) = try world.organizationWithAdmin()
        organizationID = try world.pool.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
    }

    /// A browser signed in as `email` (the admin by default).
    func browser(_ email: String? = nil) -> Browser {
        let browser = world.browser()
        browser.signIn(email ?? admin, AccountsWorld.password)
        return browser
    }

    /// Another organization (with its own admin) in the same database.
    func otherOrganization() throws -> LeadTestKit {
        try LeadTestKit(world: world)
    }

    private init(world: AccountsWorld) throws {
        self.world = world
        (organization, admin) = try world.organizationWithAdmin()
        organizationID = try world.pool.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
    }

    func userID(_ email: String) throws -> Int64 {
        try world.pool.query("SELECT id FROM users WHERE email = \(email)::citext").single(Int64.self)
    }

    /// A campaign, with version 1 of its form published when `fields` are given.
    func campaign(_ name: String, fields: [FormField]? = nil) throws -> Int64 {
        let slug = TestDatabase.unique("c-")
        let id = try world.pool.query(
            "INSERT INTO campaigns (organization_id, name, slug) VALUES (\(organizationID), \(name), \(slug)) RETURNING id"
        ).single(Int64.self)
        if let fields { try publish(campaignID: id, version: 1, fields: fields) }
        return id
    }

    func publish(campaignID: Int64, version: Int, fields: [FormField]) throws {
        let definition = try JSONDocument(encoding: FormDefinition(title: "Form", fields: fields))
        try world.pool.execute(
            """
            INSERT INTO form_versions (organization_id, campaign_id, version, definition)
            VALUES (\(organizationID), \(campaignID), \(version), \(definition))
            """)
    }

    /// A lead; `answers` is a JSON object's text, `created` an SQL timestamp (default now).
    @discardableResult
    func lead(
        email: String?, name: String = "", campaignID: Int64? = nil, version: Int? = nil, answers: String = "{}",
        status: String = "new", owner: Int64? = nil, created: String? = nil
    ) throws -> Int64 {
        try world.pool.query(
            """
            INSERT INTO leads (organization_id, campaign_id, form_version, email, name, answers, status, owner_user_id, created_at)
            VALUES (\(organizationID), \(campaignID), \(version), \(email)::citext, \(name), \(answers)::jsonb, \(status), \(owner),
                    coalesce(\(created)::timestamptz, now()))
            RETURNING id
            """).single(Int64.self)
    }

    /// The form_submit event the landing page records with a lead.
    func submitEvent(leadID: Int64, campaignID: Int64, at: String) throws {
        try world.pool.execute(
            """
            INSERT INTO events (organization_id, campaign_id, lead_id, kind, occurred_at)
            VALUES (\(organizationID), \(campaignID), \(leadID), 'form_submit', \(at)::timestamptz)
            """)
    }

    func status(of leadID: Int64) throws -> String {
        try world.pool.query("SELECT status FROM leads WHERE id = \(leadID)").single(String.self)
    }

    func owner(of leadID: Int64) throws -> Int64? {
        try world.pool.query("SELECT owner_user_id FROM leads WHERE id = \(leadID)").single(Int64?.self)
    }

    func count(_ query: Query) throws -> Int { try world.count(query) }

    /// The position of `needle` in `text` (to check order on a page), or nil.
    static func position(of needle: String, in text: String) -> Int? {
        text.range(of: needle).map { text.distance(from: text.startIndex, to: $0.lowerBound) }
    }
}
