import Foundation
import Postgres

/// One campaign as stored: what other features (leads, dashboard, landing page) read to
/// show a campaign's name, status and links. Load one with `Transaction.campaign(id:organizationID:)`.
struct Campaign: Sendable, Equatable, RowDecodable {
    let organizationID: Int64
    let id: Int64
    var name: String
    var description: String
    var status: CampaignStatus
    /// Exact decimal (numeric(14,2)); nil when no budget was given.
    var budget: Numeric?
    var startsOn: CalendarDate?
    var endsOn: CalendarDate?
    var senderName: String
    var senderEmail: String?
    /// The public landing page is `/f/{slug}`.
    var slug: String
    let createdAt: Date
    var updatedAt: Date

    /// The campaign page in the application.
    var pageURL: String { "/app/campaigns/\(id)" }
    /// The public landing page.
    var landingURL: String { "/f/\(slug)" }

    init(row: Row) throws {
        organizationID = try row.decode(column: "organization_id")
        id = try row.decode(column: "id")
        name = try row.decode(column: "name")
        description = try row.decode(column: "description")
        let statusText: String = try row.decode(column: "status")
        guard let status = CampaignStatus(rawValue: statusText) else {
            throw CampaignError("unknown campaign status '\(statusText)'")
        }
        self.status = status
        budget = try row.decode(column: "budget")
        startsOn = try row.decode(column: "starts_on")
        endsOn = try row.decode(column: "ends_on")
        senderName = try row.decode(column: "sender_name")
        senderEmail = try row.decode(column: "sender_email")
        slug = try row.decode(column: "slug")
        createdAt = try row.decode(column: "created_at")
        updatedAt = try row.decode(column: "updated_at")
    }

    /// The columns `init(row:)` reads, for `SELECT \(Campaign.columns) FROM campaigns c`.
    static let columns: Query = """
        c.organization_id, c.id, c.name, c.description, c.status, c.budget, c.starts_on, c.ends_on,
        c.sender_name, c.sender_email::text AS sender_email, c.slug::text AS slug, c.created_at, c.updated_at
        """
}

extension Transaction {
    /// The campaign with this id in this organization, or nil (also for another
    /// organization's id: callers answer 404). Call inside `Database.tenant`.
    /// - Parameter forUpdate: lock the row until the transaction ends (status changes).
    func campaign(id: Int64, organizationID: Int64, forUpdate: Bool = false) throws -> Campaign? {
        try query(
            """
            SELECT \(Campaign.columns) FROM campaigns c
            WHERE c.organization_id = \(organizationID) AND c.id = \(id)
            \(forUpdate ? "FOR UPDATE" : "" as Query)
            """, as: Campaign.self
        ).first
    }

    /// The campaigns with these ids in this organization, by id (one query; ids of other
    /// organizations or of deleted campaigns are simply absent): for lists of leads.
    func campaigns(ids: [Int64], organizationID: Int64) throws -> [Int64: Campaign] {
        guard !ids.isEmpty else { return [:] }
        let rows = try query(
            "SELECT \(Campaign.columns) FROM campaigns c WHERE c.organization_id = \(organizationID) AND c.id = ANY(\(ids))",
            as: Campaign.self)
        return Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every campaign of the organization as (id, name), by name: for campaign filters
    /// and pickers (leads inbox, dashboards).
    func campaignChoices(organizationID: Int64) throws -> [(id: Int64, name: String)] {
        try query("SELECT id, name FROM campaigns WHERE organization_id = \(organizationID) ORDER BY lower(name), id")
            .map { try $0.decode(Int64.self, String.self) }
    }
}

/// A campaign problem that is not the person's fault (bad stored data).
struct CampaignError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
