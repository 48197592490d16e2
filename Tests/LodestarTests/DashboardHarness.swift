import Foundation
import Mustache
import Postgres
@testable import Lodestar

/// One organization with campaigns, rollup rows and leads written straight into the test
/// database, for the dashboard tests.
struct DashboardWorld {
    let accounts: AccountsWorld
    let organizationName: String
    let adminEmail: String
    let organizationID: Int64
    var database: Database { Database(pool: accounts.pool) }

    init() throws {
        accounts = try AccountsWorld()
        (organizationName, adminEmail) = try accounts.organizationWithAdmin()
        let name = organizationName
        guard let organization = try accounts.pool.transaction({ try $0.organization(named: name) }) else {
            throw AccountsError("the test organization was not created")
        }
        organizationID = organization.id
    }

    /// A new campaign of this organization; returns its id.
    func campaign(named name: String, status: String = "active") throws -> Int64 {
        let slug = TestDatabase.unique("dash-")
        return try database.tenant(organizationID: organizationID) { transaction in
            try transaction.query(
                """
                INSERT INTO campaigns (organization_id, name, status, slug)
                VALUES (\(organizationID), \(name), \(status), \(slug)) RETURNING id
                """
            ).single(Int64.self)
        }
    }

    /// Rollup rows: (day, views, submissions).
    func stats(campaignID: Int64, _ rows: [(String, Int64, Int64)]) throws {
        try database.tenant(organizationID: organizationID) { transaction in
            for (day, views, submissions) in rows {
                try transaction.execute(
                    """
                    INSERT INTO campaign_daily_stats (organization_id, campaign_id, day, views, submissions)
                    VALUES (\(organizationID), \(campaignID), \(day)::date, \(views), \(submissions))
                    """
                )
            }
        }
    }

    /// `count` leads with `status`, arrived at `createdAt` (an ISO timestamp).
    func leads(campaignID: Int64, status: String, count: Int, createdAt: String = "2026-03-10 12:00:00+00") throws {
        _ = try database.tenant(organizationID: organizationID) { transaction in
            try transaction.execute(
                """
                INSERT INTO leads (organization_id, campaign_id, email, name, status, created_at)
                SELECT \(organizationID), \(campaignID), 'lead' || g || '@example.com', 'Lead ' || g, \(status), \(createdAt)::timestamptz
                FROM generate_series(1, \(count)) AS g
                """
            )
        }
    }

    func dashboard(campaignID: Int64, from: String, to: String, today: String = "2026-03-31") throws -> CampaignDashboardView {
        guard let from = CalendarDate(from), let to = CalendarDate(to), let range = DashboardRange(from: from, to: to),
              let today = CalendarDate(today) else { throw AccountsError("bad test range") }
        return try database.tenant(organizationID: organizationID) { transaction in
            try CampaignDashboard.load(campaignID: campaignID, organizationID: organizationID, range: range, in: transaction, today: today)
        }
    }

    /// The partial rendered on its own with the real templates.
    static func render(_ view: CampaignDashboardView) throws -> String {
        try TemplateLibrary(directory: TestPaths.templates).render("analytics/campaign-dashboard", view.mustacheValue)
    }

    /// How many times `needle` occurs in `text` (non-overlapping).
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
