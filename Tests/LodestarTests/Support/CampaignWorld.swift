import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// One campaign test's world: an organization with a signed-in admin, and shortcuts to
/// create campaigns through the form or straight in the database, publish their form and
/// read what was stored.
struct CampaignWorld {
    let accounts: AccountsWorld
    let organization: String
    let organizationID: Int64
    let admin: Browser

    init(accounts: AccountsWorld? = nil) throws {
        let accounts = try accounts ?? AccountsWorld()
        self.accounts = accounts
        let (organization, email) = try accounts.organizationWithAdmin()
        self.organization = organization
        organizationID = try accounts.pool.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
        admin = accounts.browser()
        admin.signIn(email, AccountsWorld.password)
        admin.get("/app/campaigns")
    }

    var pool: ConnectionPool { accounts.pool }

    /// A browser signed in as a new member with `role`.
    func member(_ role: String) throws -> Browser {
        let email = try accounts.member(of: organization, role: role)
        let browser = accounts.browser()
        browser.signIn(email, AccountsWorld.password)
        browser.get("/app/campaigns")
        return browser
    }

    /// Creates a campaign through the form as the admin; returns its id.
    func create(name: String, _ more: [(String, String)] = []) throws -> Int64 {
        admin.get("/app/campaigns/new")
        let response = admin.post("/app/campaigns", [("name", name)] + more)
        #expect(response.status == .seeOther, "creating \(name): \(response.status)")
        return try #require(Self.campaignID(location: response.headers["Location"]))
    }

    static func campaignID(location: String?) -> Int64? {
        guard let location, location.hasPrefix("/app/campaigns/") else { return nil }
        return Int64(location.dropFirst("/app/campaigns/".count))
    }

    /// Inserts a campaign directly (for lists and lifecycle tables); returns its id.
    func insert(
        name: String, status: CampaignStatus = .draft, startsOn: CalendarDate? = CalendarDate(year: 2026, month: 3, day: 1),
        createdAt: Date = Date()
    ) throws -> Int64 {
        try pool.query(
            """
            INSERT INTO campaigns (organization_id, name, status, starts_on, slug, created_at)
            VALUES (\(organizationID), \(name), \(status.rawValue), \(startsOn), \(TestDatabase.unique("c-")), \(createdAt))
            RETURNING id
            """).single(Int64.self)
    }

    /// Publishes the next version of the campaign's form (a row in form_versions).
    func publishForm(_ campaignID: Int64) throws {
        let definition = try JSONDocument(encoding: FormDefinition.starter(title: "Sign up"))
        try pool.query(
            """
            INSERT INTO form_versions (organization_id, campaign_id, version, definition)
            SELECT \(organizationID), \(campaignID), coalesce(max(version), 0) + 1, \(definition)
            FROM form_versions WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)
            """)
    }

    func addLead(_ campaignID: Int64) throws {
        try pool.query(
            "INSERT INTO leads (organization_id, campaign_id, email) VALUES (\(organizationID), \(campaignID), \(TestDatabase.unique("l") + "@example.com"))")
    }

    func status(_ campaignID: Int64) throws -> String? {
        try pool.query("SELECT status FROM campaigns WHERE organization_id = \(organizationID) AND id = \(campaignID)")
            .first.map { try $0.decode(String.self, at: 0) }
    }

    func campaign(_ campaignID: Int64) throws -> Campaign? {
        try pool.query(
            "SELECT \(Campaign.columns) FROM campaigns c WHERE c.organization_id = \(organizationID) AND c.id = \(campaignID)",
            as: Campaign.self
        ).first
    }

    /// The history rows of a campaign, oldest first, as `field: old -> new`.
    func history(_ campaignID: Int64) throws -> [String] {
        try pool.query(
            """
            SELECT field, coalesce(old_value, '∅'), coalesce(new_value, '∅') FROM campaign_history
            WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID) ORDER BY id
            """
        ).map { row in
            let (field, old, new) = try row.decode(String.self, String.self, String.self)
            return "\(field): \(old) -> \(new)"
        }
    }

    func auditCount(_ action: String, campaignID: Int64) throws -> Int {
        try accounts.count(
            "SELECT count(*) FROM audit_log WHERE organization_id = \(organizationID) AND action = \(action) AND entity_id = \(String(campaignID))")
    }
}
